/**
 * The server's configuration: the typed object `serve` runs on, and the validation of a parsed YAML document
 * into it. Validation knows nothing about files or lines: it throws a {@link ConfigPathError} naming the path
 * of the bad value, and `load-config.ts` turns that path into `file:line`.
 *
 * LiveKit's own keys (`keys`, `webhook.*`) are accepted unchanged so a `livekit.yaml` section can be pasted in;
 * everything else is roomhooks' extension.
 */
import { importVideoSdkPublicKey } from '@roomhooks/sdk';
import { parseEndpointOptions, type EndpointOptions } from '../engine/endpoint-spec.js';
import { RoomhooksError } from '../errors.js';

/** A path into the config document: map keys and sequence indexes. */
export type ConfigPath = readonly (string | number)[];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  /** The config file the values came from; undefined in dev mode. */
  file: string | undefined;
  keys: Record<string, string>;
  host: string;
  port: number;
  logLevel: LogLevel;
  storage: StorageConfig;
  network: { allowLoopback: boolean; allowPrivate: boolean };
  /** `webhook.urls` (as `livekit` endpoints) followed by `endpoints:`. */
  endpoints: EndpointOptions[];
  /** PEM that verifies `POST /ingest/videosdk`. */
  videosdkPublicKey: string | undefined;
}

/** The embedded store: one process, one file. */
export interface SqliteStorage {
  sqlite: string;
}

/** The shared store: several processes on one PostgreSQL database (see the README's PostgreSQL section). */
export interface PostgresStorage {
  /** `postgres://` connection string. */
  postgres: string;
  /** `storage.postgres_schema`; default `roomhooks`. */
  schema?: string;
  /** `storage.pool_max`: connections per process; default 10. */
  poolMax?: number;
  /** `storage.statement_timeout_ms`: server-side bound of every statement; default 30 000, 0 disables it. */
  statementTimeoutMs?: number;
  /**
   * `storage.lease_margin_ms`: how long after an attempt's timeout a claim stays this process's before another
   * process may take the delivery over (its owner presumed dead); default 15 000.
   */
  leaseMarginMs?: number;
}

export type StorageConfig = SqliteStorage | PostgresStorage;

export function isPostgresStorage(storage: StorageConfig): storage is PostgresStorage {
  return 'postgres' in storage;
}

/** `postgres://user:***@host:5432/db`: a connection string fit for logs and banners (no password). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.href;
  } catch {
    return '(invalid URL)';
  }
}

/** Null when `url` is a usable PostgreSQL connection string, else what is wrong with it (never echoing it). */
export function postgresUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL (expected postgres://user:password@host:5432/database)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `expected a postgres:// or postgresql:// URL, not ${parsed.protocol}//`;
  }
  return null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_PORT = 7890;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SQLITE_PATH = './roomhooks.db';

/** A bad value at `path`; `atKey` points the line at the key itself (unknown keys). */
export class ConfigPathError extends Error {
  constructor(
    readonly path: ConfigPath,
    message: string,
    readonly atKey = false,
  ) {
    super(message);
  }
}

/** `webhook.urls[1]`, `endpoints[0].retry`. */
export function formatPath(path: ConfigPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The inverse of {@link formatPath}, for paths named in the engine's own error messages. */
export function parsePath(text: string): ConfigPath {
  const out: (string | number)[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] === undefined ? m[1]! : Number(m[2]));
  return out;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: ConfigPath): Obj {
  if (!isObj(v)) throw new ConfigPathError(path, 'expected a mapping');
  return v;
}

function onlyKeys(o: Obj, path: ConfigPath, allowed: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new ConfigPathError([...path, key], `unknown key (expected one of: ${allowed.join(', ')})`, true);
    }
  }
}

function str(v: unknown, path: ConfigPath): string {
  if (typeof v !== 'string' || v === '') throw new ConfigPathError(path, 'expected a non-empty string');
  return v;
}

function bool(v: unknown, path: ConfigPath): boolean {
  if (typeof v !== 'boolean') throw new ConfigPathError(path, 'expected true or false');
  return v;
}

function strList(v: unknown, path: ConfigPath): string[] {
  if (!Array.isArray(v)) throw new ConfigPathError(path, 'expected a list');
  return v.map((item, i) => str(item, [...path, i]));
}

export function port(v: unknown, path: ConfigPath): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) {
    throw new ConfigPathError(path, 'expected a port number from 0 to 65535');
  }
  return v;
}

const TOP_KEYS = [
  'keys',
  'webhook',
  'endpoints',
  'storage',
  'port',
  'host',
  'log_level',
  'network',
  'videosdk',
] as const;
// LiveKit's notifier tuning (`url_notifier`, `resource_url_notifier`) is accepted so a livekit.yaml webhook
// section pastes unchanged; it sizes LiveKit's in-memory queues, which the durable store replaces.
const WEBHOOK_KEYS = ['api_key', 'urls', 'filter_params', 'url_notifier', 'resource_url_notifier'];

function keysSection(v: unknown): Record<string, string> {
  const o = obj(v, ['keys']);
  const keys: Record<string, string> = {};
  for (const [k, secret] of Object.entries(o)) {
    // YAML reads `APIkey: 12345` as a number; a secret is text, so say so rather than coerce it.
    keys[k] = str(secret, ['keys', k]);
  }
  return keys;
}

/** LiveKit's `webhook:` section as endpoints in `livekit` format, signed by `api_key`. */
function webhookSection(v: unknown, keys: Record<string, string>): EndpointOptions[] {
  const o = obj(v, ['webhook']);
  onlyKeys(o, ['webhook'], WEBHOOK_KEYS);
  const urls = o.urls === undefined ? [] : strList(o.urls, ['webhook', 'urls']);
  let apiKey: string | undefined;
  if (o.api_key !== undefined) {
    apiKey = str(o.api_key, ['webhook', 'api_key']);
    if (!(apiKey in keys)) throw new ConfigPathError(['webhook', 'api_key'], `"${apiKey}" is not in keys`);
  } else if (urls.length > 0) {
    throw new ConfigPathError(['webhook'], 'api_key is required with urls (as in LiveKit)');
  }
  const events: { include?: string[]; exclude?: string[] } = {};
  if (o.filter_params !== undefined) {
    const f = obj(o.filter_params, ['webhook', 'filter_params']);
    onlyKeys(f, ['webhook', 'filter_params'], ['include_events', 'exclude_events']);
    if (f.include_events !== undefined) {
      events.include = strList(f.include_events, ['webhook', 'filter_params', 'include_events']);
    }
    if (f.exclude_events !== undefined) {
      events.exclude = strList(f.exclude_events, ['webhook', 'filter_params', 'exclude_events']);
    }
  }
  return urls.map((url, i) => {
    try {
      // Validated here so a bad URL is reported at its own line, not as an anonymous endpoint.
      new URL(url);
    } catch {
      throw new ConfigPathError(['webhook', 'urls', i], 'not a valid URL');
    }
    return { url, format: 'livekit', events, ...(apiKey === undefined ? {} : { apiKey }) };
  });
}

/** `endpoints:` is validated by the engine itself; its messages name the field, which we map back to a path. */
function endpointsSection(v: unknown, keys: Record<string, string>): EndpointOptions[] {
  if (!Array.isArray(v)) throw new ConfigPathError(['endpoints'], 'expected a list of endpoints');
  return v.map((raw, i) => {
    try {
      parseEndpointOptions(raw, `endpoints[${i}]`, Object.keys(keys));
    } catch (err) {
      if (!(err instanceof RoomhooksError)) throw err;
      const colon = err.message.indexOf(': ');
      const path = colon > 0 ? parsePath(err.message.slice(0, colon)) : ['endpoints', i];
      throw new ConfigPathError(path, colon > 0 ? err.message.slice(colon + 2) : err.message);
    }
    return raw as EndpointOptions;
  });
}

function intAtLeast(v: unknown, path: ConfigPath, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ConfigPathError(path, `expected an integer ≥ ${min}`);
  }
  return v;
}

const POSTGRES_ONLY = ['postgres_schema', 'pool_max', 'statement_timeout_ms', 'lease_margin_ms'] as const;

function storageSection(v: unknown): StorageConfig {
  const o = obj(v, ['storage']);
  onlyKeys(o, ['storage'], ['sqlite', 'postgres', ...POSTGRES_ONLY]);
  if (o.postgres === undefined) {
    const stray = POSTGRES_ONLY.find((k) => o[k] !== undefined);
    if (stray !== undefined) {
      throw new ConfigPathError(['storage', stray], 'only applies with storage.postgres', true);
    }
    return { sqlite: o.sqlite === undefined ? DEFAULT_SQLITE_PATH : str(o.sqlite, ['storage', 'sqlite']) };
  }
  if (o.sqlite !== undefined) {
    throw new ConfigPathError(['storage', 'sqlite'], 'set either sqlite or postgres, not both', true);
  }
  const url = str(o.postgres, ['storage', 'postgres']);
  const problem = postgresUrlProblem(url);
  if (problem !== null) throw new ConfigPathError(['storage', 'postgres'], problem);
  const storage: PostgresStorage = { postgres: url };
  if (o.postgres_schema !== undefined) {
    const schema = str(o.postgres_schema, ['storage', 'postgres_schema']);
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigPathError(['storage', 'postgres_schema'], 'expected a lower-case SQL identifier');
    }
    storage.schema = schema;
  }
  if (o.pool_max !== undefined) storage.poolMax = intAtLeast(o.pool_max, ['storage', 'pool_max'], 1);
  if (o.statement_timeout_ms !== undefined) {
    storage.statementTimeoutMs = intAtLeast(o.statement_timeout_ms, ['storage', 'statement_timeout_ms']);
  }
  if (o.lease_margin_ms !== undefined) {
    storage.leaseMarginMs = intAtLeast(o.lease_margin_ms, ['storage', 'lease_margin_ms'], 1);
  }
  return storage;
}

function networkSection(v: unknown): ServerConfig['network'] {
  const o = obj(v, ['network']);
  onlyKeys(o, ['network'], ['allow_loopback', 'allow_private']);
  return {
    allowLoopback:
      o.allow_loopback === undefined ? false : bool(o.allow_loopback, ['network', 'allow_loopback']),
    allowPrivate: o.allow_private === undefined ? false : bool(o.allow_private, ['network', 'allow_private']),
  };
}

function videosdkSection(v: unknown): string | undefined {
  const o = obj(v, ['videosdk']);
  onlyKeys(o, ['videosdk'], ['public_key']);
  if (o.public_key === undefined) return undefined;
  const pem = str(o.public_key, ['videosdk', 'public_key']);
  try {
    // Imported once here so a bad key fails at start with its line, not on the first webhook.
    importVideoSdkPublicKey(pem);
  } catch {
    throw new ConfigPathError(['videosdk', 'public_key'], 'expected an RSA public key in PEM form');
  }
  return pem;
}

/**
 * Validates a parsed config document (`null` for an empty file). `keysOverride` (from `ROOMHOOKS_KEYS`)
 * replaces `keys:`; {@link checkKeys} runs once everything is merged.
 */
export function validateConfig(
  doc: unknown,
  file: string | undefined,
  keysOverride?: Record<string, string>,
): ServerConfig {
  const o = doc === null || doc === undefined ? {} : obj(doc, []);
  onlyKeys(o, [], TOP_KEYS);
  const fileKeys = o.keys === undefined ? {} : keysSection(o.keys);
  // Keys from the environment replace the file's, so references to keys are checked against them.
  const keys = keysOverride ?? fileKeys;
  const logLevel = o.log_level ?? 'info';
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigPathError(['log_level'], `expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    file,
    keys,
    host: o.host === undefined ? DEFAULT_HOST : str(o.host, ['host']),
    port: o.port === undefined ? DEFAULT_PORT : port(o.port, ['port']),
    logLevel: logLevel as LogLevel,
    storage: o.storage === undefined ? { sqlite: DEFAULT_SQLITE_PATH } : storageSection(o.storage),
    network:
      o.network === undefined ? { allowLoopback: false, allowPrivate: false } : networkSection(o.network),
    endpoints: [
      ...(o.webhook === undefined ? [] : webhookSection(o.webhook, keys)),
      ...(o.endpoints === undefined ? [] : endpointsSection(o.endpoints, keys)),
    ],
    videosdkPublicKey: o.videosdk === undefined ? undefined : videosdkSection(o.videosdk),
  };
}

/** After the environment is merged in: at least one key to sign deliveries and verify admin tokens. */
export function checkKeys(config: ServerConfig): void {
  if (Object.keys(config.keys).length === 0) {
    throw new ConfigPathError(['keys'], 'at least one API key is required (keys: or ROOMHOOKS_KEYS)');
  }
}
