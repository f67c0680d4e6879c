import type { ServerResponse } from 'node:http';
import { type HeadStep, addToHeadStepList, beforeHeadOnceAndList, fieldKey } from './head-steps';

/*
 * The validators describe the representation a 2xx sends. Whatever decides the final status
 * (the handler, an exception filter, @Redirect(), an interceptor that times out or throws),
 * it is only known when the head is written: there, on any other status but 304, the
 * validator fields the library added are taken back, so that an error or a redirect never
 * carries them (and `onError` fields, such as the restrictive part of a Cache-Control, are
 * set in their place). Express writes the headers set on the response; Fastify passes its
 * own as an object to writeHead, so both places are cleaned.
 */
type Fields = ReadonlyArray<readonly [string, string]>;

/** What each call asked for, in order: the fields it added, then what replaces them on an error. */
type Kept = Fields[];

const NO_FIELDS: Fields = [];

/*
 * One step per response, whatever the number of calls (the guard's validators, its cache
 * fields, the interceptor's Last-Modified), its data the list of what they kept, so a
 * request allocates no closure. Entries are undone last-added first, as separate steps would be.
 */
const ONLY_ON_SUCCESS: HeadStep<Kept> = {
  beforeHead(response, statusCode, fields, kept) {
    if ((statusCode >= 200 && statusCode <= 299) || statusCode === 304) return;
    for (let i = kept.length - 2; i >= 0; i -= 2) {
      for (const [name, value] of kept[i]) {
        // The ETag step may have weakened the tag first (steps run last-added first).
        if (isValueOrWeakened(response.getHeader(name), value)) response.removeHeader(name);
        const key = fieldKey(fields, name.toLowerCase());
        if (key !== undefined && isValueOrWeakened(fields![key], value)) delete fields![key];
      }
      for (const [name, value] of kept[i + 1]) {
        if (fields !== undefined) fields[name.toLowerCase()] = value;
        else response.setHeader(name, value);
      }
    }
  },
};

function isValueOrWeakened(field: unknown, value: string): boolean {
  return field === value || (typeof field === 'string' && field.length === value.length + 2 && field === `W/${value}`);
}

export function keepValidatorsOnlyOnSuccess(raw: ServerResponse, added: Fields, onError: Fields = NO_FIELDS): void {
  addToHeadStepList(raw, ONLY_ON_SUCCESS, added, onError);
}

/**
 * `keepValidatorsOnlyOnSuccess(raw, added)`, with the step `once` added first unless the
 * response has it: both armed with one look-up of the response (see `beforeHeadOnceAndList`).
 */
export function keepValidatorsOnlyOnSuccessAfter(raw: ServerResponse, once: HeadStep, added: Fields): void {
  beforeHeadOnceAndList(raw, once, ONLY_ON_SUCCESS, [added, NO_FIELDS]);
}
