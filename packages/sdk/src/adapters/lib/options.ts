import type { DedupeOptions, DedupeStore } from '../../dedupe/index.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../receiver/body-limit.js';

/**
 * Options shared by every framework adapter.
 *
 * @example
 * ```ts
 * import { createMemoryDedupe } from '@roomhooks/sdk';
 *
 * const options = { dedupe: createMemoryDedupe(), maxBodyBytes: 256 * 1024 };
 * ```
 */
export interface WebhookAdapterOptions<T> {
  /**
   * Run the handler once per event id: a store (keyed by `dedupeKey`, window `store.ttlMs` or 10 minutes) or
   * `{ store, key?, ttlMs? }`. Duplicates are answered 200 without calling the handler.
   */
  dedupe?: DedupeStore | DedupeOptions<T>;
  /** Largest body the adapter buffers before answering 413 `body_too_large`. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** The receivers' own default (1 MiB), so a body the adapter buffers is never refused later for its size. */
export const DEFAULT_ADAPTER_MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;
