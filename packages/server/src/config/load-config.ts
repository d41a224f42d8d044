/**
 * Loads the server configuration once, at the edge: a YAML file (errors name the file, line and key), the
 * `ROOMHOOKS_*` environment on top, or, with no file at all, a ready-to-use dev setup.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { EndpointOptions } from '../engine/endpoint-spec.js';
import { RoomhooksError } from '../errors.js';
import { DEV_KEYS_FILE, generateDevKeys, readDevKeys, type DevKeys } from './dev-keys.js';
import { readEnv, type EnvOverrides } from './env.js';
import {
  checkKeys,
  ConfigPathError,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SQLITE_PATH,
  formatPath,
  isPostgresStorage,
  validateConfig,
  type ConfigPath,
  type ServerConfig,
  type StorageConfig,
} from './schema.js';

/** Where `roomhooks listen` receives by default: the dev endpoint points there. */
export const DEV_ENDPOINT: EndpointOptions = {
  id: 'dev',
  url: 'http://127.0.0.1:3000/webhook',
  format: 'livekit',
  description: 'dev endpoint (roomhooks listen)',
};

export interface LoadConfigOptions {
  /** `--config`; else `ROOMHOOKS_CONFIG`; else dev mode. */
  configFile?: string | undefined;
  /** `--port`, over the file's `port`. */
  port?: number | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths (`.roomhooks/dev-keys.json`); default `process.cwd()`. */
  cwd?: string;
}

export interface LoadedConfig {
  config: ServerConfig;
  /** Set in dev mode: the key pair, where it is kept, and whether it was just generated. */
  dev: { keys: DevKeys; file: string; created: boolean } | undefined;
}

/** The first line of the node at `path` (or of the deepest part of the path that exists). */
function lineOf(doc: Document, lines: LineCounter, path: ConfigPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      node = atKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      break;
    }
    found = node;
  }
  const start = isNode(found) ? found.range?.[0] : undefined;
  return start === undefined ? undefined : lines.linePos(start).line;
}

function configError(file: string, line: number | undefined, what: string): RoomhooksError {
  return new RoomhooksError('config_invalid', `${file}${line === undefined ? '' : `:${line}`}: ${what}`);
}

/**
 * Parses and validates config text. `file` names it in errors, e.g.
 * `roomhooks.yaml:7: webhook.urls[1]: not a valid URL`.
 *
 * @throws {RoomhooksError} `config_invalid`.
 */
export function parseConfig(text: string, file: string, env: EnvOverrides = emptyEnv()): ServerConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const message = syntax.message.split('\n')[0]!;
    throw configError(file, lines.linePos(syntax.pos[0]).line, `invalid YAML: ${message}`);
  }
  let config: ServerConfig;
  try {
    config = validateConfig(doc.toJS({ maxAliasCount: 100 }), file, env.keys);
    if (env.keys) config.keys = env.keys;
    if (env.database) config.storage = mergeDatabase(config.storage, env.database);
    if (env.allowLoopback !== undefined) config.network.allowLoopback = env.allowLoopback;
    checkKeys(config);
  } catch (err) {
    if (!(err instanceof ConfigPathError)) throw err;
    const where = err.path.length === 0 ? err.message : `${formatPath(err.path)}: ${err.message}`;
    throw configError(file, lineOf(doc, lines, err.path, err.atKey), where);
  }
  return config;
}

/** `ROOMHOOKS_DATABASE_URL` over the file: a PostgreSQL URL keeps the file's PostgreSQL tuning. */
function mergeDatabase(file: StorageConfig, env: StorageConfig): StorageConfig {
  if (isPostgresStorage(env) && isPostgresStorage(file)) return { ...file, postgres: env.postgres };
  return env;
}

function emptyEnv(): EnvOverrides {
  return { configFile: undefined, keys: undefined, database: undefined, allowLoopback: undefined };
}

/** Dev mode: embedded SQLite, the persisted dev key pair, loopback allowed, one endpoint for `listen`. */
function devConfig(env: EnvOverrides, port: number, cwd: string): LoadedConfig {
  const file = resolve(cwd, DEV_KEYS_FILE);
  const existing = readDevKeys(file);
  const keys = existing ?? generateDevKeys(`http://${DEFAULT_HOST}:${port}`);
  return {
    config: {
      file: undefined,
      keys: { [keys.apiKey]: keys.apiSecret, ...env.keys },
      host: DEFAULT_HOST,
      port,
      logLevel: 'info',
      storage: env.database ?? { sqlite: DEFAULT_SQLITE_PATH },
      network: { allowLoopback: env.allowLoopback ?? true, allowPrivate: false },
      endpoints: [{ ...DEV_ENDPOINT, apiKey: keys.apiKey }],
      videosdkPublicKey: undefined,
    },
    dev: { keys, file, created: existing === undefined },
  };
}

/**
 * Loads the configuration `serve` runs on. Nothing is written here: in dev mode the caller persists the
 * key pair once the server listens (and knows its port).
 *
 * @throws {RoomhooksError} `config_invalid` naming the file, line and key, or the environment variable.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = readEnv(options.env ?? process.env);
  const cwd = options.cwd ?? process.cwd();
  const file = options.configFile ?? env.configFile;
  if (file === undefined) return devConfig(env, options.port ?? DEFAULT_PORT, cwd);
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    throw new RoomhooksError('config_invalid', `${file}: ${reason}`);
  }
  const config = parseConfig(text, file, env);
  if (options.port !== undefined) config.port = options.port;
  return { config, dev: undefined };
}
