/**
 * Express adapter: one request handler that reads the raw body, verifies it, deduplicates and calls yours.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { WebhookError, isWebhookError } from '../../errors.js';
import type { WebhookVerifier } from '../../receiver/types.js';
import { DEFAULT_ADAPTER_MAX_BODY_BYTES, type WebhookAdapterOptions } from '../lib/options.js';
import { bodyTooLarge, createPipeline, errorBody } from '../lib/pipeline.js';
import { readNodeBody } from '../lib/read-node-body.js';

export type { WebhookAdapterOptions } from '../lib/options.js';

/**
 * Your code for one verified event. Send a response through `res` if you like; otherwise 200 is sent.
 *
 * @example
 * ```ts
 * const onEvent: ExpressWebhookHandler<LooseWebhookEvent> = async (event, _req, res) => {
 *   await queue.add(event);
 *   res.status(202).end();
 * };
 * ```
 */
export type ExpressWebhookHandler<T> = (event: T, req: Request, res: Response) => unknown;

/**
 * Builds an Express handler for a webhook endpoint.
 *
 * - The raw body is taken from `req.body` when `express.raw()` produced a Buffer, or read from the request
 *   stream when no body parser ran (capped at `maxBodyBytes`). If a parser already turned it into an object
 *   (e.g. `express.json()`), the bytes the signature covers are gone: the answer is 400 `body_already_parsed`.
 * - A failed verification is answered with `err.status` and `{ "error": { "code", "message" } }`.
 * - Duplicates (with `dedupe`) are answered 200 without calling `handler`.
 * - After `handler` resolves, 200 with an empty body is sent unless it already responded. If it throws, the
 *   error goes to `next(err)` (Express answers 500, so the sender retries) and the dedupe id is released.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { WebhookReceiver } from '@roomhooks/sdk';
 * import { webhookHandler } from '@roomhooks/sdk/adapters/express';
 *
 * const app = express();
 * const receiver = new WebhookReceiver(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!);
 * app.post('/livekit/webhook', webhookHandler(receiver, async (event) => {
 *   console.log(event.event, event.room?.name);
 * }));
 * app.listen(3000);
 * ```
 */
export function webhookHandler<T>(
  verifier: WebhookVerifier<T>,
  handler: ExpressWebhookHandler<T>,
  options: WebhookAdapterOptions<T> = {},
): RequestHandler {
  const pipeline = createPipeline(verifier, options);
  const limit = options.maxBodyBytes ?? DEFAULT_ADAPTER_MAX_BODY_BYTES;

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let handlerRan = false;
    try {
      const body = await rawBody(req, limit);
      await pipeline.run(body, req.headers, (event) => {
        handlerRan = true;
        return handler(event, req, res);
      });
    } catch (err) {
      // Only our own refusals are answered here; whatever the handler throws is the app's to report.
      if (isWebhookError(err) && !handlerRan && !res.headersSent) {
        // A refused oversized body is left unread: close the connection instead of draining it.
        if (err.code === 'body_too_large') res.setHeader('Connection', 'close');
        res.status(err.status).type('application/json').send(errorBody(err));
        return;
      }
      next(err);
      return;
    }
    if (!res.headersSent) res.status(200).end();
  };
}

async function rawBody(req: Request, limit: number): Promise<Uint8Array | string> {
  const parsed: unknown = req.body;
  if (Buffer.isBuffer(parsed)) {
    if (parsed.length > limit) throw bodyTooLarge(limit);
    return parsed;
  }
  if (typeof parsed === 'string') return parsed; // express.text(): UTF-8 round-trips, so the hash still matches
  // Express 4's parsers preset `req.body = {}` even when they skip a request, so an empty object with the
  // stream still unread is not "parsed"; a consumed stream (or any other value) is.
  if (req.readableEnded || (parsed !== undefined && !isUntouchedDefault(parsed))) {
    throw new WebhookError(
      'body_already_parsed',
      "the request body was already parsed (e.g. by express.json()), so the signed bytes are gone; mount express.raw({ type: 'application/webhook+json' }) on this route, before any JSON parser, or no body parser at all",
    );
  }
  return readNodeBody(req, limit);
}

function isUntouchedDefault(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
