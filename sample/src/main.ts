import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ValidatorElements, versionTag } from 'nestjs-conditional';
import { AppModule } from './app.module';
import { ATTACHMENTS_DIR } from './blog/attachment-store';
import { SQL_DATABASE } from './blog/sql-entry.repository';
import { type SqlDatabase } from './database/sql';
import { REPRESENTATION_VERSION } from './representation-version';

/**
 * Starts the sample blog: `PORT` (default 3000), `HOST` (default 127.0.0.1) and
 * `PLATFORM` (`express`, the default, or `fastify`). The data is in the embedded database
 * in `sample/.data` (`DATA_DIR` elsewhere; delete the directory to start afresh), or on the
 * PostgreSQL server of `DATABASE_URL=postgres://...`, which several instances can share.
 * Entry 7's attachment is written to `attachments/` in the data directory. `APP_VERSION` is
 * the representation version mixed into every ETag (default: the package version).
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const platform = process.env.PLATFORM === 'fastify' ? 'fastify' : 'express';
  const adapter = platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(port, host);
  const base = `http://${host}:${port}`;
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const attachments = app.get<string>(ATTACHMENTS_DIR);
  const representationVersion = app.get<string>(REPRESENTATION_VERSION);
  // A freshly seeded entry 7's ETag as the routes send it: the representation version is mixed in.
  const seededTag = app.get(ValidatorElements).etag(versionTag(1));
  console.log(`nestjs-conditional sample blog on ${platform}, listening on ${base}
Data: ${db.description}
Attachments: ${attachments}
Representation version: ${representationVersion} (APP_VERSION), in every ETag: a freshly seeded entry 7 is ${seededTag}

Try:
  curl -sD - -o /dev/null ${base}/blogs/1
  curl -sD - -o /dev/null ${base}/blogs/1 -H 'If-Modified-Since: Sun, 01 Nov 2026 09:00:00 GMT'
  curl -i ${base}/entries/7
  curl -i ${base}/entries/7 -H 'If-None-Match: ${seededTag}'
  curl -i -X PUT ${base}/entries/7 -H 'Content-Type: application/json' -d '{"title":"Edited","body":"New text"}'
  curl -i -X PUT ${base}/entries/7 -H 'If-Match: ${seededTag}' -H 'Content-Type: application/json' -d '{"title":"Edited","body":"New text"}'
  curl -i -X PUT ${base}/entries/7 -H 'If-Match: ${seededTag}' -H 'Content-Type: application/json' -d '{"title":"Lost","body":"update"}'
  curl -i ${base}/me/entries -H 'Authorization: Bearer alice-token'
  curl -sD - -o /dev/null ${base}/blogs/1/archive
  curl -sD - -o /dev/null ${base}/blogs/1/archive -H 'If-None-Match: <the ETag above>'
  curl -sD - -o /dev/null ${base}/entries/7/attachment -H 'Range: bytes=0-99'
  curl -s ${base}/entries/7/attachment -H 'Range: bytes=0-3'
  curl -s ${base}/stats
`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
