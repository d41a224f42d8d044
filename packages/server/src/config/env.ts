/**
 * Environment overrides, read once at the edge (nothing deeper reads `process.env`). They win over the file,
 * so a container can keep secrets out of the YAML.
 */
import { isWebhookError, parseKeyPairs } from '@roomhooks/sdk';
import { RoomhooksError } from '../errors.js';
import { postgresUrlProblem, type StorageConfig } from './schema.js';

export interface EnvOverrides {
  /** `ROOMHOOKS_CONFIG`: the config file, when `--config` is not given. */
  configFile: string | undefined;
  /** `ROOMHOOKS_KEYS`: `"key: secret, key2: secret2"` (as `LIVEKIT_KEYS`); replaces `keys:`. */
  keys: Record<string, string> | undefined;
  /**
   * `ROOMHOOKS_DATABASE_URL`: `sqlite:PATH` (or a bare path) replaces `storage:`; `postgres://…` selects the
   * PostgreSQL store, keeping the file's `postgres_schema`, `pool_max`, … when its storage is PostgreSQL too
   * (so the credentials can stay out of the YAML).
   */
  database: StorageConfig | undefined;
  /** `ROOMHOOKS_ALLOW_LOOPBACK=1`: deliveries to 127.0.0.1/::1 allowed. */
  allowLoopback: boolean | undefined;
}

function fail(name: string, message: string): never {
  throw new RoomhooksError('config_invalid', `${name}: ${message}`);
}

function keysFrom(text: string): Record<string, string> {
  try {
    return Object.fromEntries(parseKeyPairs(text));
  } catch (err) {
    // parseKeyPairs never echoes secrets in its messages, so passing them on is safe.
    if (isWebhookError(err)) fail('ROOMHOOKS_KEYS', err.message);
    throw err;
  }
}

function databaseFrom(url: string): StorageConfig {
  if (/^postgres(ql)?:/i.test(url)) {
    const problem = postgresUrlProblem(url);
    if (problem !== null) fail('ROOMHOOKS_DATABASE_URL', problem);
    return { postgres: url };
  }
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (path === '') fail('ROOMHOOKS_DATABASE_URL', 'expected sqlite:PATH or postgres://…');
  if (/^[a-z][\w+.-]*:\/\//i.test(path)) {
    fail('ROOMHOOKS_DATABASE_URL', 'only sqlite:PATH and postgres:// URLs are supported');
  }
  return { sqlite: path };
}

function flag(name: string, value: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no|)$/i.test(value)) return false;
  fail(name, `expected 1 or 0, got ${JSON.stringify(value)}`);
}

/** Reads the `ROOMHOOKS_*` variables; an empty variable counts as unset. */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const get = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const keys = get('ROOMHOOKS_KEYS');
  const db = get('ROOMHOOKS_DATABASE_URL');
  const loopback = get('ROOMHOOKS_ALLOW_LOOPBACK');
  return {
    configFile: get('ROOMHOOKS_CONFIG'),
    keys: keys === undefined ? undefined : keysFrom(keys),
    database: db === undefined ? undefined : databaseFrom(db),
    allowLoopback: loopback === undefined ? undefined : flag('ROOMHOOKS_ALLOW_LOOPBACK', loopback),
  };
}
