import { WebhookError } from '../errors.js';

/**
 * Resolves an API key (a token's `iss`) to its secret, like Go's `auth.KeyProvider`. Several keys at once let a
 * receiver accept tokens from old and new keys while they are rotated.
 */
export interface KeyProvider {
  /** The secret for `apiKey`, or `undefined` when the key is unknown. */
  getSecret(apiKey: string): string | undefined;
  /** How many keys the provider holds, when it knows. */
  readonly keyCount?: number;
}

/** Anything {@link createKeyProvider} turns into a {@link KeyProvider}. */
export type KeySource = Readonly<Record<string, string>> | ReadonlyMap<string, string> | KeyProvider;

/**
 * Builds a {@link KeyProvider} from a `{ apiKey: secret }` record, a `Map`, or an existing provider (returned as
 * is). Records and maps are copied and validated once: every key and secret must be a non-empty string.
 *
 * @throws {WebhookError} `invalid_key` when there are no keys or an entry is empty or not a string.
 * @example
 * ```ts
 * const keys = createKeyProvider({ APIoldKey: 'old-secret', APInewKey: 'new-secret' });
 * keys.getSecret('APInewKey'); // 'new-secret'
 * ```
 */
export function createKeyProvider(keys: KeySource): KeyProvider {
  if (keys === null || typeof keys !== 'object') {
    throw new WebhookError(
      'invalid_key',
      `keys must be a record, a Map or a KeyProvider, got ${typeof keys}`,
    );
  }
  if (isKeyProvider(keys)) return keys;
  // A Map, never a plain object, so an `iss` such as "__proto__" or "constructor" cannot reach Object.prototype.
  const map = new Map<string, string>();
  const entries: Iterable<readonly [unknown, unknown]> =
    keys instanceof Map ? keys.entries() : Object.entries(keys as Record<string, unknown>);
  for (const [apiKey, secret] of entries) {
    if (typeof apiKey !== 'string' || apiKey === '') {
      throw new WebhookError('invalid_key', 'an API key is empty or not a string');
    }
    if (typeof secret !== 'string' || secret === '') {
      throw new WebhookError('invalid_key', `the secret for API key "${apiKey}" is empty or not a string`);
    }
    map.set(apiKey, secret);
  }
  if (map.size === 0) throw new WebhookError('invalid_key', 'no API keys were given');
  return new MapKeyProvider(map);
}

/**
 * Parses `LIVEKIT_KEYS`-style text, `"key1: secret1, key2: secret2"`, into a `Map`. Entries may also be separated
 * by newlines; blank entries are skipped and a secret may itself contain `:`.
 *
 * @throws {WebhookError} `invalid_key` naming the bad entry (by position and key; secrets are never echoed).
 * @example
 * ```ts
 * const keys = createKeyProvider(parseKeyPairs(process.env.LIVEKIT_KEYS ?? ''));
 * ```
 */
export function parseKeyPairs(text: string): Map<string, string> {
  if (typeof text !== 'string') {
    throw new WebhookError('invalid_key', `key pairs must be a string, got ${typeof text}`);
  }
  const map = new Map<string, string>();
  const entries = text.split(/[,\n]/);
  let position = 0;
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    position++;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      throw new WebhookError(
        'invalid_key',
        `key pair ${position} has no ":" between the API key and its secret`,
      );
    }
    const apiKey = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    if (apiKey === '') throw new WebhookError('invalid_key', `key pair ${position} has an empty API key`);
    if (/\s/.test(apiKey)) {
      throw new WebhookError('invalid_key', `key pair ${position}: API key "${apiKey}" contains whitespace`);
    }
    if (secret === '') {
      throw new WebhookError('invalid_key', `key pair ${position}: API key "${apiKey}" has an empty secret`);
    }
    if (map.has(apiKey)) {
      throw new WebhookError('invalid_key', `key pair ${position}: API key "${apiKey}" is listed twice`);
    }
    map.set(apiKey, secret);
  }
  if (map.size === 0) throw new WebhookError('invalid_key', 'no key pairs found in the text');
  return map;
}

function isKeyProvider(value: object): value is KeyProvider {
  return !(value instanceof Map) && typeof (value as { getSecret?: unknown }).getSecret === 'function';
}

class MapKeyProvider implements KeyProvider {
  readonly #map: ReadonlyMap<string, string>;

  constructor(map: ReadonlyMap<string, string>) {
    this.#map = map;
  }

  get keyCount(): number {
    return this.#map.size;
  }

  getSecret(apiKey: string): string | undefined {
    return this.#map.get(apiKey);
  }
}
