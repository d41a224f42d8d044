/**
 * The migration runner. Several processes may start at once against a fresh database: each takes a
 * transaction-scoped advisory lock keyed by the schema before looking at the migrations table, so exactly one
 * applies the missing steps and the others, once the lock is theirs, find nothing left to do. DDL is
 * transactional in PostgreSQL, so a run that fails half-way leaves nothing behind.
 */
import type pg from 'pg';
import { transaction } from './connection.js';
import { POSTGRES_MIGRATIONS, type Migration } from './migrations/index.js';

/** Returns the versions applied by this call (empty when the schema was already current). */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  return transaction(pool, async (client) => {
    // hashtext() gives a stable int4 per schema: processes sharing a schema serialise, other schemas don't.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`roomhooks:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS roomhooks_migrations (
         version    integer PRIMARY KEY,
         name       text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM roomhooks_migrations`,
    );
    const current = rows[0]?.version ?? 0;
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO roomhooks_migrations (version, name) VALUES ($1, $2)`, [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
