import { createServer, type Server } from 'node:http';
import { CURRENT_ETAG, LAST_MODIFIED } from './validators';

/**
 * Scenario G, the ceiling: bare `node:http` answering every request with the same bodiless
 * 304 the library sends (ETag and Last-Modified), with no framework and no decision to make.
 */
export function createNotModifiedServer(): Server {
  const headers = { ETag: CURRENT_ETAG, 'Last-Modified': LAST_MODIFIED.toUTCString() };
  return createServer((_request, response) => {
    response.writeHead(304, headers);
    response.end();
  });
}
