import type { ServerResponse } from 'node:http';
import { beforeHead } from './head-steps';

/*
 * The validators describe the representation a 2xx sends. Whatever decides the final status
 * (the handler, an exception filter, @Redirect(), an interceptor that times out or throws),
 * it is only known when the head is written: there, on any other status but 304, the
 * validator fields the library added are taken back, so that an error or a redirect never
 * carries them (and `onError` fields, such as the restrictive part of a Cache-Control, are
 * set in their place). Express writes the headers set on the response; Fastify passes its
 * own as an object to writeHead, so both places are cleaned.
 */
export function keepValidatorsOnlyOnSuccess(
  raw: ServerResponse,
  added: ReadonlyArray<readonly [string, string]>,
  onError: ReadonlyArray<readonly [string, string]> = [],
): void {
  beforeHead(raw, {
    beforeHead(response, statusCode, fields) {
      if ((statusCode >= 200 && statusCode <= 299) || statusCode === 304) return;
      for (const [name, value] of added) {
        if (response.getHeader(name) === value) response.removeHeader(name);
        const key = name.toLowerCase();
        if (fields !== undefined && fields[key] === value) delete fields[key];
      }
      for (const [name, value] of onError) {
        if (fields !== undefined) fields[name.toLowerCase()] = value;
        else response.setHeader(name, value);
      }
    },
  });
}
