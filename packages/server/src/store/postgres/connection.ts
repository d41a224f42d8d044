/**
 * Connection options and the pool. Every connection of a store lives in one schema (`search_path` is set at
 * connect time, so the SQL elsewhere is unqualified), parses `bigint` as a JS number (ids and millisecond times
 * stay far below 2^53) and carries a `statement_timeout` so a stuck query cannot hold a lane's lock forever.
 */
import pg from 'pg';

export interface PostgresStoreOptions {
  /** A `postgres://` connection string. */
  connectionString: string;
  /** The schema holding roomhooks' tables; created by the first migration run. Default `roomhooks`. */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /**
   * `normal` (default): a publish waits for its commit to reach disk, the scheduler's cycles (attempt outcomes
   * and claims) do not (`synchronous_commit = off` for them alone). A crash of roomhooks processes loses
   * nothing; a crash of the database server itself may forget the outcomes of its last fraction of a second,
   * whose deliveries are then sent again — never lost. The same trade as SQLite's default. `full`: every
   * commit waits for the disk.
   */
  synchronous?: 'normal' | 'full';
  /** Server-side `statement_timeout` of every connection, in ms; default 30 000 (0 disables it). */
  statementTimeoutMs?: number;
  /**
   * Lease of a claim when the claim slot gives none (`ClaimSlot.leaseMs`): after it, another process may take
   * the delivery over. Default 60 000 ms.
   */
  defaultLeaseMs?: number;
  /** Errors that belong to no call (an idle connection dropped, the listener lost): reported, never thrown. */
  onError?: (err: Error) => void;
  /** Shown in `pg_stat_activity`; default `roomhooks`. */
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates a schema name: lower-case SQL identifier, so it can be quoted into DDL without escaping doubts. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`postgres schema ${JSON.stringify(schema)}: expected a lower-case SQL identifier`);
  }
  return schema;
}

const INT8_OID = 20;

/** `bigint` as a number: pg returns strings by default to be safe beyond 2^53, which our values never reach. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface ConnectionSettings {
  connectionString: string;
  schema: string;
  statementTimeoutMs: number;
  applicationName: string;
}

export function connectionSettings(options: PostgresStoreOptions): ConnectionSettings {
  return {
    connectionString: options.connectionString,
    schema: checkSchemaName(options.schema ?? 'roomhooks'),
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    applicationName: options.applicationName ?? 'roomhooks',
  };
}

/** Client config shared by the pool and the listener's dedicated connection. */
export function clientConfig(s: ConnectionSettings): pg.ClientConfig {
  return {
    connectionString: s.connectionString,
    options: `-c search_path=${s.schema}`,
    statement_timeout: s.statementTimeoutMs,
    application_name: s.applicationName,
    types,
    // A database that vanishes without a word (a dropped route, a dead host) must surface as errors, not as
    // calls that hang forever: bounded connects, TCP keep-alive probes after 10 s of silence, and a client-side
    // bound on every query a little above the server-side one.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(s.statementTimeoutMs > 0 ? { query_timeout: s.statementTimeoutMs + 10_000 } : {}),
  };
}

export function createPool(s: ConnectionSettings, poolSize: number, onError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(s), max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle connection that dies (server restart) emits here; without a listener it would crash the process.
  // The pool drops it and opens a fresh one on the next checkout, so recovering needs nothing more.
  // pg-pool hangs the dead client on the error (`err.client`): logged as is, that dumps kilobytes of client
  // internals with the connection parameters (TLS settings, a client key read from `sslkey` among them). The
  // error is reported without it.
  pool.on('error', (err) => {
    delete (err as Error & { client?: unknown }).client;
    onError(err);
  });
  return pool;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Runs `fn` in one transaction on one pooled connection. A failed connection is destroyed rather than returned
 * to the pool (`release(err)`), so the next call gets a fresh one after the database comes back.
 */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost mid-transaction fails the query in progress; the client also emits 'error', which must
  // not go unheard (an unhandled 'error' event would crash the process).
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
