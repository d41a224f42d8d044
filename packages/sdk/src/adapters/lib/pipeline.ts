// The framework-independent part of every adapter: verify, then deduplicate, then run the handler. Each
// adapter only turns its framework's request into bytes + headers and a result into its framework's reply.
import { WebhookError } from '../../errors.js';
import { dedupeKey, DEFAULT_DEDUPE_TTL_MS, type DedupeKeyFn, type DedupeStore } from '../../dedupe/index.js';
import type { HeaderSource, WebhookVerifier } from '../../receiver/types.js';
import type { WebhookAdapterOptions } from './options.js';

interface ResolvedDedupe<T> {
  store: DedupeStore;
  key: DedupeKeyFn<T>;
  ttlMs: number;
}

/** What the adapter should do after {@link WebhookPipeline.run}. */
export type PipelineOutcome<R> = { kind: 'duplicate' } | { kind: 'handled'; result: R };

/** Verify + dedupe + handler, prepared once per adapter instance. */
export interface WebhookPipeline<T> {
  run<R>(
    body: Uint8Array | string,
    headers: HeaderSource,
    handle: (event: T) => R | Promise<R>,
  ): Promise<PipelineOutcome<R>>;
}

/** Builds the pipeline from an adapter's options. Throws `WebhookError` for failed verification. */
export function createPipeline<T>(
  verifier: WebhookVerifier<T>,
  options: WebhookAdapterOptions<T>,
): WebhookPipeline<T> {
  const dedupe = resolveDedupe(options.dedupe);
  return {
    async run(body, headers, handle) {
      // Verify first: recording ids of unverified requests would let anyone pre-empt real events.
      const event = await verifier.verify({ body, headers });
      const id = dedupe?.key(event, headers);
      if (dedupe === undefined || id === undefined) return { kind: 'handled', result: await handle(event) };
      if (await dedupe.store.seen(id, dedupe.ttlMs)) return { kind: 'duplicate' };
      try {
        return { kind: 'handled', result: await handle(event) };
      } catch (err) {
        // Un-record the id so the sender's retry (it will see a 5xx) runs the handler again.
        await dedupe.store.forget?.(id);
        throw err;
      }
    },
  };
}

function resolveDedupe<T>(option: WebhookAdapterOptions<T>['dedupe']): ResolvedDedupe<T> | undefined {
  if (option === undefined) return undefined;
  const { store, key, ttlMs } =
    'store' in option ? option : { store: option, key: undefined, ttlMs: undefined };
  return { store, key: key ?? dedupeKey, ttlMs: ttlMs ?? store.ttlMs ?? DEFAULT_DEDUPE_TTL_MS };
}

/** The JSON body every adapter answers a `WebhookError` with: `{ "error": { "code", "message" } }`. */
export function errorBody(err: WebhookError): string {
  return JSON.stringify({ error: err.toJSON() });
}

/** The error for a size cap hit while buffering. */
export function bodyTooLarge(limit: number): WebhookError<'body_too_large'> {
  return new WebhookError('body_too_large', `request body exceeds ${limit} bytes`);
}
