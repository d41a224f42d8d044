import type { DedupeStore } from './store.js';

/**
 * How long a handled id is remembered by default: 10 minutes. A LiveKit token is valid for 5 minutes (plus the
 * receiver's clock tolerance) and the sender's retries end within ~15 s, so after 10 minutes any replay fails
 * verification anyway. Standard Webhooks senders may retry for hours: give those a longer `ttlMs`.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEDUPE_TTL_MS } from '@roomhooks/sdk';
 *
 * const dedupe = { store: redisDedupe, ttlMs: DEFAULT_DEDUPE_TTL_MS };
 * ```
 */
export const DEFAULT_DEDUPE_TTL_MS = 10 * 60_000;

/**
 * Options of {@link createMemoryDedupe}.
 *
 * @example
 * ```ts
 * const options: MemoryDedupeOptions = { ttlMs: 24 * 3_600_000, maxEntries: 100_000 };
 * ```
 */
export interface MemoryDedupeOptions {
  /** Default window for adapters (`seen` itself takes the window per call). Default 10 minutes. */
  ttlMs?: number;
  /** Cap on remembered ids; the oldest are dropped first. Default 10 000. */
  maxEntries?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * The in-memory {@link DedupeStore}; `size` is the number of ids currently held.
 *
 * @example
 * ```ts
 * const dedupe: MemoryDedupe = createMemoryDedupe();
 * metrics.gauge('webhook_dedupe_ids', dedupe.size);
 * ```
 */
export interface MemoryDedupe extends DedupeStore {
  readonly ttlMs: number;
  readonly size: number;
  forget(id: string): void;
  /** Drops every id. */
  clear(): void;
}

/**
 * An in-process dedupe store with a TTL and a size cap. Fine for one process; with several replicas behind a
 * load balancer use a shared store (see {@link DedupeStore}'s Redis example), since retries may land anywhere.
 *
 * @example
 * ```ts
 * import { createMemoryDedupe } from '@roomhooks/sdk';
 *
 * const dedupe = createMemoryDedupe({ ttlMs: 10 * 60_000, maxEntries: 10_000 });
 * dedupe.seen('EV_wNaSGtBdpsMJ', dedupe.ttlMs); // false: first time, now recorded
 * dedupe.seen('EV_wNaSGtBdpsMJ', dedupe.ttlMs); // true: a retry
 * ```
 */
export function createMemoryDedupe(options: MemoryDedupeOptions = {}): MemoryDedupe {
  const ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (!(ttlMs > 0)) throw new RangeError('createMemoryDedupe: ttlMs must be > 0');
  if (!(maxEntries >= 1)) throw new RangeError('createMemoryDedupe: maxEntries must be >= 1');

  // id → expiry time. A Map iterates in insertion order, and an id is (re-)inserted only when first seen or
  // after it expired, so the head is always the oldest sighting: with one TTL that is also the soonest to
  // expire. That gives O(1) expiry (pop expired heads) and O(1) eviction (drop the head) without a heap or a
  // linked list. A hit does not move the id to the back: the window counts from the first delivery, and the
  // ids least likely to be retried again are exactly the oldest ones, so "least recently inserted" is the
  // right victim here.
  const expiries = new Map<string, number>();

  function sweep(at: number): void {
    for (const [id, expiresAt] of expiries) {
      if (expiresAt > at) break; // mixed TTLs can leave later expired ids; `seen` re-checks them on lookup
      expiries.delete(id);
    }
  }

  return {
    ttlMs,
    get size() {
      return expiries.size;
    },
    seen(id, windowMs) {
      const at = now();
      sweep(at);
      const expiresAt = expiries.get(id);
      if (expiresAt !== undefined && expiresAt > at) return true;
      expiries.delete(id); // expired or absent: re-insert at the back
      expiries.set(id, at + windowMs);
      if (expiries.size > maxEntries) {
        const oldest = expiries.keys().next();
        if (!oldest.done) expiries.delete(oldest.value);
      }
      return false;
    },
    forget(id) {
      expiries.delete(id);
    },
    clear() {
      expiries.clear();
    },
  };
}
