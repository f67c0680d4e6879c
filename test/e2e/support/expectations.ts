import type { Response } from 'supertest';

/** A 304 as RFC 9110 15.4.5 wants it: no body, no Content-Type or Content-Length of one. */
export function expectBodilessNotModified(response: Response): void {
  expect(response.status).toBe(304);
  expect(response.text ?? '').toBe('');
  expect(response.headers['content-type']).toBeUndefined();
  expect(response.headers['content-length']).toBeUndefined();
  expect(response.headers['transfer-encoding']).toBeUndefined();
}
