import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { SQL_DATABASE, SQL_ENTRY_OPTIONS, SqlEntryOptions } from '../blog/sql-entry.repository';
import { DatabaseOptions, databaseOptionsFromEnv, openDatabase } from './open-database';
import { Isolation, SqlDatabase } from './sql';

/** Where the data is: from the environment; tests override it with a temporary directory. */
export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

const ISOLATIONS: readonly Isolation[] = ['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];

/** `SAMPLE_WRITES` and `PATCH_ISOLATION`, refused with a message when misspelt. */
export function entryOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SqlEntryOptions {
  const writeMode = env.SAMPLE_WRITES || 'conditional';
  if (writeMode !== 'conditional' && writeMode !== 'check-then-write') {
    throw new Error(
      `SAMPLE_WRITES must be "conditional" (the default) or "check-then-write", not ${JSON.stringify(writeMode)}`,
    );
  }
  const patchIsolation = (env.PATCH_ISOLATION || 'READ COMMITTED').toUpperCase() as Isolation;
  if (!ISOLATIONS.includes(patchIsolation)) {
    throw new Error(
      `PATCH_ISOLATION must be one of ${ISOLATIONS.join(', ')}, not ${JSON.stringify(env.PATCH_ISOLATION)}`,
    );
  }
  return { writeMode, patchIsolation };
}

/** Closes the database when the app closes (tests, SIGTERM with `enableShutdownHooks()`). */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

export const DATABASE_PROVIDERS: Provider[] = [
  { provide: DATABASE_OPTIONS, useFactory: () => databaseOptionsFromEnv() },
  {
    provide: SQL_DATABASE,
    useFactory: (options: DatabaseOptions) => openDatabase(options),
    inject: [DATABASE_OPTIONS],
  },
  { provide: SQL_ENTRY_OPTIONS, useFactory: () => entryOptionsFromEnv() },
  DatabaseLifecycle,
];
