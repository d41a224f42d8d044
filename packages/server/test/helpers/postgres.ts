/**
 * PostgreSQL for tests: the database (`ROOMHOOKS_TEST_DATABASE_URL`, default the local `test` database) and
 * one throwaway schema per test (`rh_test_<random>`), dropped afterwards. When the database cannot be reached
 * the tests fail with a message saying so: they are never skipped silently.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from 'roomhooks';

export const TEST_DATABASE_URL =
  process.env.ROOMHOOKS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<void> | undefined;

/** Rejects with an explanation when PostgreSQL is not there (checked once per process). */
export function requirePostgres(): Promise<void> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (err) {
      throw new Error(
        `PostgreSQL is unreachable at ${TEST_DATABASE_URL} (${err instanceof Error ? err.message : String(err)}). ` +
          'The PostgreSQL store tests need a database: start one, or point ROOMHOOKS_TEST_DATABASE_URL at it.',
      );
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

export function randomSchema(): string {
  return `rh_test_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on a short-lived connection outside any store (schema drops, killing connections). */
export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** A store on a fresh schema; `cleanup` closes it and drops the schema. */
export async function openTestStore(
  options: Partial<PostgresStoreOptions> = {},
): Promise<{ store: PostgresStore; schema: string; cleanup(): Promise<void> }> {
  await requirePostgres();
  const schema = options.schema ?? randomSchema();
  const store = await PostgresStore.open({
    connectionString: TEST_DATABASE_URL,
    poolSize: 4,
    ...options,
    schema,
  });
  return {
    store,
    schema,
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}
