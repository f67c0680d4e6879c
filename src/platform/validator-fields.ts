import type { ServerResponse } from 'node:http';
import { replyFieldsOf } from '../upstream/fastify';
import { WEAKEN_ENCODED_ETAG, sendETagWeakWhenEncoded } from './encoded-etag';
import { keepValidatorsOnlyOnSuccessAfter } from './validators-on-success';

/*
 * The guard's validator fields on a GET or HEAD that goes on to its handler, set before the
 * handler runs: a handler that sets its own ETag replaces ours, one that writes the response
 * itself (`@Res()`, a stream) sends them, and so does an app interceptor answering from its
 * cache. A field set before the guard (by a middleware, an earlier guard) stays as it is. A
 * final status other than 2xx or 304 (an exception filter, `@Redirect()`, a timeout) takes
 * back the fields set here as the head is written, and a strong ETag goes weak if the body is
 * written with a content coding. This runs on every decorated GET: on the usual request,
 * where nothing set either field before, it makes no closure, and no array but the head
 * steps' list and its entry.
 */

type Fields = ReadonlyArray<readonly [string, string]>;

/** Sets one field as the platform's public API does. */
export type SetField = (response: any, name: string, value: string) => void;

/** Whether `name` is set, `target` and `raw` being where the platform keeps fields. */
type IsSet<Target> = (target: Target, raw: ServerResponse, name: string) => boolean;

/** The fields not set yet: usually all, and then the list as it came. */
function notYetSet<Target>(fields: Fields, isSet: IsSet<Target>, target: Target, raw: ServerResponse): Fields {
  for (const [name] of fields) {
    if (isSet(target, raw, name)) return fields.filter(([field]) => !isSet(target, raw, field));
  }
  return fields;
}

function armHeadSteps(raw: ServerResponse, added: Fields): void {
  if (added.length === 0) sendETagWeakWhenEncoded(raw);
  else keepValidatorsOnlyOnSuccessAfter(raw, WEAKEN_ENCODED_ETAG, added);
}

const isSetOnResponse: IsSet<{ getHeader(name: string): unknown }> = (response, _raw, name) =>
  response.getHeader(name) !== undefined;

// As Fastify's `reply.getHeader()` reads: its own object, then the raw response's fields.
const isSetInReplyFields: IsSet<Record<string, unknown>> = (fields, raw, name) =>
  replyField(fields, name) !== undefined || raw.getHeader(name) !== undefined;

/*
 * The two validator fields are read and written by name: a property access whose name varies
 * (`fields[name]`) is V8's megamorphic one, a probe of a global cache on every call, where one
 * name per access is an inline check of the object's shape. Counted, about 800 instructions of
 * a decorated 200 on Fastify (BENCHMARKS.md).
 */
function replyField(fields: Record<string, unknown>, name: string): unknown {
  if (name === 'etag') return fields.etag;
  return name === 'last-modified' ? fields['last-modified'] : fields[name];
}

function setReplyField(fields: Record<string, unknown>, name: string, value: string): void {
  if (name === 'etag') fields.etag = value;
  else if (name === 'last-modified') fields['last-modified'] = value;
  else fields[name] = value;
}

/** Express: `response` is Node's response, with Express's prototype. */
export function sendExpressValidators(response: ServerResponse, fields: Fields, setField: SetField): void {
  const added = notYetSet(fields, isSetOnResponse, response, response);
  for (const [name, value] of added) setField(response, name, value);
  armHeadSteps(response, added);
}

/**
 * Fastify: `fields` named in lower case, as Fastify stores them. They are written into the
 * reply's own fields object (src/upstream/fastify.ts) as `reply.header()` would write them:
 * its `toLowerCase()` and generic property look-ups were about a fifth of what the library
 * added to a decorated 200 (BENCHMARKS.md). Where that object is not found, through `setField`.
 */
export function sendFastifyValidators(reply: any, fields: Fields, setField: SetField): void {
  const raw: ServerResponse = reply.raw;
  const own = replyFieldsOf(reply);
  if (own === undefined) {
    const added = notYetSet(fields, isSetOnResponse, reply, raw);
    for (const [name, value] of added) setField(reply, name, value);
    armHeadSteps(raw, added);
    return;
  }
  const added = notYetSet(fields, isSetInReplyFields, own, raw);
  for (const [name, value] of added) setReplyField(own, name, value);
  armHeadSteps(raw, added);
}
