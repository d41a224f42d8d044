/**
 * Fetch adapter: a `(request: Request) => Promise<Response>` handler for any Web-standard runtime or framework
 * (Next.js route handlers, Hono, Bun.serve, Deno.serve, Cloudflare Workers).
 *
 * @module
 */
import { WebhookError, isWebhookError } from '../../errors.js';
import type { WebhookVerifier } from '../../receiver/types.js';
import { DEFAULT_ADAPTER_MAX_BODY_BYTES, type WebhookAdapterOptions } from '../lib/options.js';
import { bodyTooLarge, createPipeline, errorBody } from '../lib/pipeline.js';

export type { WebhookAdapterOptions } from '../lib/options.js';

/**
 * Your code for one verified event. Return (or resolve to) a `Response` to answer with it; anything else: 200.
 *
 * @example
 * ```ts
 * const onEvent: FetchWebhookHandler<LooseWebhookEvent> = async (event) => {
 *   if (event.event === 'room_finished') return new Response(null, { status: 204 });
 * };
 * ```
 */
export type FetchWebhookHandler<T> = (event: T, request: Request) => unknown;

/**
 * Builds a Fetch handler: reads the body (up to `maxBodyBytes`), verifies it, deduplicates, and calls `handler`.
 * Verification errors become `err.status` (400/401/413) with `{ "error": { "code", "message" } }`; duplicates
 * become 200 without calling `handler`. Errors thrown by `handler` propagate (your framework answers 500, so the
 * sender retries), after the dedupe id is released.
 *
 * @example
 * ```ts
 * // app/api/livekit/webhook/route.ts (Next.js App Router)
 * import { WebhookReceiver } from '@roomhooks/sdk';
 * import { createFetchHandler } from '@roomhooks/sdk/adapters/fetch';
 *
 * const receiver = new WebhookReceiver(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!);
 * export const POST = createFetchHandler(receiver, async (event) => {
 *   console.log(event.event, event.participant?.identity);
 * });
 * ```
 */
export function createFetchHandler<T>(
  verifier: WebhookVerifier<T>,
  handler: FetchWebhookHandler<T>,
  options: WebhookAdapterOptions<T> = {},
): (request: Request) => Promise<Response> {
  const pipeline = createPipeline(verifier, options);
  const limit = options.maxBodyBytes ?? DEFAULT_ADAPTER_MAX_BODY_BYTES;

  return async (request) => {
    let outcome;
    let handlerRan = false;
    try {
      const body = await readBody(request, limit);
      outcome = await pipeline.run(body, request.headers, (event) => {
        handlerRan = true;
        return handler(event, request);
      });
    } catch (err) {
      if (!isWebhookError(err) || handlerRan) throw err; // the handler's own errors are the framework's
      return new Response(errorBody(err), {
        status: err.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (outcome.kind === 'handled' && outcome.result instanceof Response) return outcome.result;
    return new Response(null, { status: 200 });
  };
}

/** Reads the body as bytes, stopping as soon as it passes `limit` instead of buffering all of it first. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) throw bodyTooLarge(limit);
  if (request.bodyUsed) {
    throw new WebhookError(
      'body_already_parsed',
      'the request body was already read (request.json()?), so the signed bytes are gone; pass the untouched Request, or request.clone() before reading it',
    );
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const [only] = chunks;
  if (chunks.length === 1 && only !== undefined) return only;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
