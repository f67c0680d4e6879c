/*
 * The cheap validators of every decorated scenario: constants, so that what is measured is
 * the library's own cost, not the cost of finding out a resource's version.
 */

export const CURRENT_ETAG = '"v1"';

export const LAST_MODIFIED = new Date(Date.UTC(2025, 0, 1));

export const CHEAP_CONDITION = {
  etag: () => CURRENT_ETAG,
  lastModified: () => LAST_MODIFIED,
};
