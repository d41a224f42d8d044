/**
 * Fastify adapter: a raw-body content-type parser, a route handler factory, and a plugin that combines them in
 * its own encapsulated context.
 *
 * Fastify encapsulation in one paragraph: `addContentTypeParser` (like hooks and error handlers) applies to the
 * instance it is called on and to every child context registered from it afterwards, never to its parent or
 * siblings. So `addWebhookParser(app)` on the root instance affects the whole app, while inside a plugin
 * registered with `app.register(...)` it affects only that plugin's routes. That is what lets
 * {@link webhookPlugin} take over `application/json` for its one route without changing any other route.
 *
 * @module
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WebhookError, isWebhookError } from '../../errors.js';
import type { WebhookVerifier } from '../../receiver/types.js';
import { DEFAULT_ADAPTER_MAX_BODY_BYTES, type WebhookAdapterOptions } from '../lib/options.js';
import { bodyTooLarge, createPipeline, errorBody } from '../lib/pipeline.js';
import { readNodeBody } from '../lib/read-node-body.js';

export type { WebhookAdapterOptions } from '../lib/options.js';

/**
 * Your code for one verified event. Send through `reply`, or return a value for Fastify to send; else 200.
 *
 * @example
 * ```ts
 * const onEvent: FastifyWebhookHandler<LooseWebhookEvent> = async (event) => ({ received: event.id });
 * ```
 */
export type FastifyWebhookHandler<T> = (event: T, request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * Options of {@link addWebhookParser}.
 *
 * @example
 * ```ts
 * addWebhookParser(scope, { json: true, maxBodyBytes: 256 * 1024 } satisfies WebhookParserOptions);
 * ```
 */
export interface WebhookParserOptions {
  /**
   * Also hand `application/json` bodies over raw (Standard Webhooks and VideoSDK senders use it). This replaces
   * Fastify's JSON parser in the context you call it on, so call it inside an encapsulated plugin. Default false.
   */
  json?: boolean;
  /** Fastify answers 413 above this. Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * Makes `app` (and contexts registered from it afterwards) deliver `application/webhook+json` bodies as the raw
 * `Buffer`, which is what {@link webhookRoute} needs. LiveKit sends this content type precisely so that generic
 * JSON parsers leave it alone.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { WebhookReceiver } from '@roomhooks/sdk';
 * import { addWebhookParser, webhookRoute } from '@roomhooks/sdk/adapters/fastify';
 *
 * const app = Fastify();
 * addWebhookParser(app);
 * app.post('/livekit/webhook', webhookRoute(new WebhookReceiver(key, secret), (event) => {
 *   app.log.info({ event: event.event }, 'webhook');
 * }));
 * ```
 */
export function addWebhookParser(app: FastifyInstance, options: WebhookParserOptions = {}): void {
  const types = ['application/webhook+json'];
  if (options.json === true) {
    app.removeContentTypeParser('application/json');
    types.push('application/json');
  }
  app.addContentTypeParser(
    types,
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes ?? DEFAULT_ADAPTER_MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  );
}

/**
 * Builds a Fastify route handler with the same rules as the Express adapter: verification errors are answered
 * with `err.status` and `{ "error": { "code", "message" } }`, duplicates with 200 (handler not called), and a
 * handler that neither replies nor returns a value gets 200 with an empty body. A body Fastify already parsed
 * into an object (its default JSON parser) is answered 400 `body_already_parsed`; call
 * {@link addWebhookParser} (with `json: true` for `application/json` senders) in the route's context.
 *
 * @example
 * ```ts
 * import { StandardWebhookReceiver } from '@roomhooks/sdk';
 * import { addWebhookParser, webhookRoute } from '@roomhooks/sdk/adapters/fastify';
 *
 * await app.register(async (scope) => {
 *   addWebhookParser(scope, { json: true }); // only this scope's routes get raw JSON bodies
 *   scope.post('/hooks', webhookRoute(new StandardWebhookReceiver(process.env.WEBHOOK_SECRET!), handle));
 * });
 * ```
 */
export function webhookRoute<T>(
  verifier: WebhookVerifier<T>,
  handler: FastifyWebhookHandler<T>,
  options: WebhookAdapterOptions<T> = {},
): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  const pipeline = createPipeline(verifier, options);
  const limit = options.maxBodyBytes ?? DEFAULT_ADAPTER_MAX_BODY_BYTES;

  return async (request, reply) => {
    let outcome;
    let handlerRan = false;
    try {
      const body = await rawBody(request, limit);
      outcome = await pipeline.run(body, request.headers, (event) => {
        handlerRan = true;
        return handler(event, request, reply);
      });
    } catch (err) {
      // Handler errors go to Fastify's error handler (500, so the sender retries); refusals are answered here.
      if (!isWebhookError(err) || handlerRan || reply.sent) throw err;
      return reply.code(err.status).type('application/json').send(errorBody(err));
    }
    if (reply.sent) return reply;
    if (outcome.kind === 'handled' && outcome.result !== undefined && outcome.result !== reply) {
      return outcome.result;
    }
    return reply.code(200).send();
  };
}

/**
 * Options of {@link webhookPlugin}.
 *
 * @example
 * ```ts
 * await app.register(webhookPlugin(receiver, handle, { path: '/webhook', json: false, dedupe: createMemoryDedupe() }), {
 *   prefix: '/livekit',
 * });
 * ```
 */
export interface WebhookPluginOptions<T> extends WebhookAdapterOptions<T> {
  /** Route path, e.g. `/livekit/webhook` (relative to any `prefix` given to `register`). */
  path: string;
  /** Also take `application/json` raw on this route. Default true (safe: the plugin is encapsulated). */
  json?: boolean;
}

/**
 * A plugin with one POST route: parser, handler and error shape stay inside its own context, so the rest of
 * the app keeps Fastify's JSON parser. Body-limit errors are answered as `413 body_too_large` in our shape.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { WebhookReceiver } from '@roomhooks/sdk';
 * import { webhookPlugin } from '@roomhooks/sdk/adapters/fastify';
 *
 * const app = Fastify();
 * const receiver = new WebhookReceiver(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!);
 * await app.register(webhookPlugin(receiver, (event) => console.log(event.event), { path: '/livekit/webhook' }));
 * await app.listen({ port: 3000 });
 * ```
 */
export function webhookPlugin<T>(
  verifier: WebhookVerifier<T>,
  handler: FastifyWebhookHandler<T>,
  options: WebhookPluginOptions<T>,
): FastifyPluginAsync {
  const { path, json = true, ...adapterOptions } = options;
  const limit = adapterOptions.maxBodyBytes ?? DEFAULT_ADAPTER_MAX_BODY_BYTES;
  return async (scope) => {
    addWebhookParser(scope, { json, maxBodyBytes: limit });
    scope.setErrorHandler((err, _request, reply) => {
      if ((err as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const tooLarge = bodyTooLarge(limit);
        return reply.code(tooLarge.status).type('application/json').send(errorBody(tooLarge));
      }
      throw err; // everything else goes to the parent context's error handler, as if we had none
    });
    scope.post(path, webhookRoute(verifier, handler, adapterOptions));
  };
}

async function rawBody(request: FastifyRequest, limit: number): Promise<Uint8Array | string> {
  const body: unknown = request.body;
  if (Buffer.isBuffer(body) || typeof body === 'string') return body;
  // No parser ran (e.g. no Content-Type): the stream is still unread, so read it ourselves.
  if (body === undefined && !request.raw.readableEnded) return readNodeBody(request.raw, limit);
  throw new WebhookError(
    'body_already_parsed',
    "the request body was already parsed (Fastify's JSON parser?), so the signed bytes are gone; call addWebhookParser(scope, { json: true }) in this route's context, or register webhookPlugin",
  );
}
