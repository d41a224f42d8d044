/**
 * The dev key pair of `roomhooks serve` without a config: generated once and kept in
 * `./.roomhooks/dev-keys.json`, so restarts keep the key and the other CLI verbs (`listen`, `publish`, …) find
 * the key and the server's URL there without any flags.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DevKeys {
  apiKey: string;
  apiSecret: string;
  /** Where the dev server listens, e.g. `http://127.0.0.1:7890`. */
  url: string;
}

export const DEV_KEYS_FILE = join('.roomhooks', 'dev-keys.json');

function isDevKeys(v: unknown): v is DevKeys {
  const o = v as Partial<DevKeys> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.apiKey === 'string' &&
    o.apiKey !== '' &&
    typeof o.apiSecret === 'string' &&
    o.apiSecret !== '' &&
    typeof o.url === 'string'
  );
}

/** Reads the dev keys at `path`; a missing or unreadable file yields undefined (a new pair is made). */
export function readDevKeys(path: string): DevKeys | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return isDevKeys(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh pair in LiveKit's shape: `API` + 12 characters, and a 43-character secret. */
export function generateDevKeys(url: string): DevKeys {
  const apiKey = `APIdev${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 9)}`;
  return { apiKey, apiSecret: randomBytes(32).toString('base64url'), url };
}

/** Writes the file readable by its owner only: it holds a secret. */
export function writeDevKeys(path: string, keys: DevKeys): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
}
