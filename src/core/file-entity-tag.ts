import type { EntityTag } from './entity-tag';

/**
 * The strong entity tag of a file: its size and modification time (`"<size hex>-<mtime hex>"`,
 * milliseconds), the two facts every instance reading the same file agrees on. Never the inode
 * or the device (nginx's and Apache's defaults differ across hosts): behind a load balancer a
 * tag must not depend on which instance answered. Strong, so that `If-Range` can match it.
 */
export function fileEntityTag(size: number, modifiedMs: number): EntityTag {
  const opaque = `${size.toString(16)}-${Math.floor(modifiedMs).toString(16)}`;
  return { weak: false, opaque, value: `"${opaque}"` };
}
