/**
 * Where verbs find API keys and the server URL, in this order: flags, then the environment (`ROOMHOOKS_KEYS`,
 * `ROOMHOOKS_URL`), then the dev file `roomhooks serve` writes when it runs without a config
 * (`./.roomhooks/dev-keys.json`). So in development every verb just works, and in production nothing is implicit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyPairs } from '@roomhooks/sdk';
import { CliFailure, UsageError } from './exit-codes.js';
import type { CliIo } from './output.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:7890';
export const DEV_KEYS_FILE = join('.roomhooks', 'dev-keys.json');

/** Flags that name a key pair, as verbs declare them. */
export const KEY_OPTIONS = {
  'api-key': { type: 'string' },
  'api-secret': { type: 'string' },
} as const;

export const URL_OPTION = { url: { type: 'string' } } as const;

export interface KeyFlags {
  'api-key'?: string | undefined;
  'api-secret'?: string | undefined;
}

export interface ResolvedKeys {
  /** Every known key (verifying accepts any of them). */
  keys: Map<string, string>;
  /** The pair that signs (the first one). */
  apiKey: string;
  apiSecret: string;
  /** Where they came from, for messages. */
  source: string;
}

interface DevKeys {
  apiKey: string;
  apiSecret: string;
  url?: string;
}

/** The dev file, or undefined when there is none. A file that exists but is unusable is a failure. */
function readDevKeys(io: CliIo): DevKeys | undefined {
  const path = join(io.cwd, DEV_KEYS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliFailure('config_invalid', `${DEV_KEYS_FILE} is not valid JSON`);
  }
  const { apiKey, apiSecret, url } = (value ?? {}) as Record<string, unknown>;
  if (typeof apiKey !== 'string' || apiKey === '' || typeof apiSecret !== 'string' || apiSecret === '') {
    throw new CliFailure('config_invalid', `${DEV_KEYS_FILE} has no "apiKey" and "apiSecret" strings`);
  }
  return typeof url === 'string' ? { apiKey, apiSecret, url } : { apiKey, apiSecret };
}

function fromMap(keys: Map<string, string>, source: string): ResolvedKeys {
  const [apiKey, apiSecret] = keys.entries().next().value as [string, string];
  return { keys, apiKey, apiSecret, source };
}

/** The keys to sign or verify with, or undefined when none are configured anywhere. */
export function findKeys(flags: KeyFlags, io: CliIo): ResolvedKeys | undefined {
  const apiKey = flags['api-key'];
  const apiSecret = flags['api-secret'];
  if (apiKey !== undefined || apiSecret !== undefined) {
    if (apiKey === undefined || apiKey === '') throw new UsageError('--api-secret needs --api-key too');
    if (apiSecret === undefined || apiSecret === '') throw new UsageError('--api-key needs --api-secret too');
    return fromMap(new Map([[apiKey, apiSecret]]), '--api-key');
  }
  const env = io.env['ROOMHOOKS_KEYS'];
  if (env !== undefined && env.trim() !== '') {
    try {
      return fromMap(parseKeyPairs(env), 'ROOMHOOKS_KEYS');
    } catch (err) {
      // parseKeyPairs never echoes secrets, so its message is safe to show.
      throw new UsageError(`ROOMHOOKS_KEYS: ${(err as Error).message}`);
    }
  }
  const dev = readDevKeys(io);
  return dev === undefined ? undefined : fromMap(new Map([[dev.apiKey, dev.apiSecret]]), DEV_KEYS_FILE);
}

/** Like {@link findKeys}, but a usage error that says where keys can come from when there are none. */
export function requireKeys(flags: KeyFlags, io: CliIo): ResolvedKeys {
  const keys = findKeys(flags, io);
  if (keys === undefined) {
    throw new UsageError(
      `no API key: pass --api-key and --api-secret, set ROOMHOOKS_KEYS="key: secret", or run \`roomhooks serve\` here once to create ${DEV_KEYS_FILE}`,
    );
  }
  return keys;
}

/** The server's base URL: `--url`, `ROOMHOOKS_URL`, the dev file's `url`, or the default. No trailing slash. */
export function serverUrl(flag: string | undefined, io: CliIo): string {
  const chosen = flag ?? io.env['ROOMHOOKS_URL'] ?? readDevKeys(io)?.url ?? DEFAULT_SERVER_URL;
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    throw new UsageError(`--url: not a URL: ${JSON.stringify(chosen)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url: expected an http(s) URL, got ${JSON.stringify(chosen)}`);
  }
  return url.href.replace(/\/+$/, '');
}
