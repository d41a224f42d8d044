// Delivery dedupe: senders retry and fan out, so a handler may see one event more than once.
export type { DedupeStore, DedupeKeyFn, DedupeOptions } from './store.js';
export { dedupeKey } from './dedupe-key.js';
export {
  createMemoryDedupe,
  DEFAULT_DEDUPE_TTL_MS,
  type MemoryDedupe,
  type MemoryDedupeOptions,
} from './memory.js';
