import type { HeaderSource } from '../receiver/types.js';

/**
 * Remembers which webhook ids were already handled, so a retried or fanned-out delivery runs its handler once.
 *
 * `seen` must be atomic: it answers `true` when `id` is recorded and not yet expired, and otherwise records it
 * (for `ttlMs`) and answers `false`. Two concurrent calls with the same id must not both get `false`; a shared
 * store does this with one atomic write, e.g. Redis `SET key 1 NX PX ttl` (`null` reply = already seen).
 *
 * @example
 * ```ts
 * import type { DedupeStore } from '@roomhooks/sdk';
 *
 * // Redis (ioredis): SET NX is the atomic "record unless present".
 * const redisDedupe: DedupeStore = {
 *   async seen(id, ttlMs) {
 *     return (await redis.set(`webhook:${id}`, '1', 'PX', ttlMs, 'NX')) === null;
 *   },
 *   async forget(id) {
 *     await redis.del(`webhook:${id}`);
 *   },
 * };
 * ```
 */
export interface DedupeStore {
  /** True if `id` was already recorded and is unexpired; otherwise records it for `ttlMs` and answers false. */
  seen(id: string, ttlMs: number): Promise<boolean> | boolean;
  /**
   * Drops `id` again. Adapters call it when the handler throws, so the sender's retry is handled instead of
   * being answered as a duplicate. Optional: without it, a failed event's retries are skipped until the TTL ends.
   */
  forget?(id: string): Promise<void> | void;
  /** The window adapters use when their own `ttlMs` option is not given. */
  readonly ttlMs?: number;
}

/**
 * Picks the id to deduplicate one verified event by; `undefined` means "do not deduplicate this one".
 *
 * @example
 * ```ts
 * import type { DedupeKeyFn, DecodedVideoSdkWebhook } from '@roomhooks/sdk';
 *
 * // VideoSDK sends no delivery id: key on the whole payload instead.
 * const byPayload: DedupeKeyFn<DecodedVideoSdkWebhook> = (w) => `${w.webhookType}:${JSON.stringify(w.data)}`;
 * ```
 */
export type DedupeKeyFn<T> = (event: T, headers: HeaderSource) => string | undefined;

/**
 * The `dedupe` option of the framework adapters: a store, plus how to key and how long to remember.
 *
 * @example
 * ```ts
 * import { createMemoryDedupe } from '@roomhooks/sdk';
 *
 * const dedupe = { store: createMemoryDedupe(), ttlMs: 24 * 60 * 60_000 }; // Standard Webhooks retry for hours
 * ```
 */
export interface DedupeOptions<T> {
  store: DedupeStore;
  /** Defaults to {@link dedupeKey}. */
  key?: DedupeKeyFn<T>;
  /** Defaults to `store.ttlMs`, then {@link DEFAULT_DEDUPE_TTL_MS}. */
  ttlMs?: number;
}
