import type { Clock } from '../auth/clock.js';
import { checkSeconds } from '../auth/clock.js';
import { createKeyProvider, type KeyProvider, type KeySource } from '../auth/key-provider.js';
import { verifyLiveKitWebhook, type VerifyLiveKitWebhookOptions } from '../auth/livekit-token.js';
import { assertBodySize, assertRawBody, checkMaxBodyBytes } from '../auth/raw-body.js';
import type { LooseWebhookEvent, WebhookEvent } from '../catalog/livekit/index.js';
import { parseWebhookEvent } from '../codec/index.js';
import { WebhookError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
import { toToleranceSeconds } from './clock-tolerance.js';
import { requestHeader } from './request-header.js';
import type { RawWebhookRequest, WebhookVerifier } from './types.js';

/**
 * What a {@link WebhookReceiver} returns: with `strict: true`, a catalog-checked {@link WebhookEvent} (a union
 * that `switch (event.event)` narrows); otherwise a {@link LooseWebhookEvent}, which tolerates event names and
 * enum values LiveKit adds later, as livekit-server-sdk's `WebhookEvent` does.
 */
export type ReceivedWebhookEvent<Strict extends boolean> = Strict extends true
  ? WebhookEvent
  : LooseWebhookEvent;

/** Options of {@link WebhookReceiver}. */
export interface WebhookReceiverOptions<Strict extends boolean = boolean> {
  /** API keys and secrets; the token's `iss` picks the secret, so several keys allow rotation. */
  keys: KeySource;
  /**
   * Allowed clock skew for `exp`/`nbf`, in seconds. Default 60, as LiveKit's Go and Python receivers;
   * livekit-server-sdk (Node) uses 10.
   */
  clockToleranceSeconds?: number;
  /** Larger bodies are refused with `body_too_large` before any hashing. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Check events against the catalog, rejecting unknown names and missing payloads with `invalid_event`, and
   * type results as {@link WebhookEvent}. Default false: tolerate them, as LiveKit's SDKs do.
   */
  strict?: Strict;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
}

/**
 * Verifies and decodes LiveKit webhooks. A drop-in for livekit-server-sdk's `WebhookReceiver` (same constructor
 * and `receive` signature), plus several keys chosen by `iss`, a body limit, a `Bearer ` prefix tolerated,
 * constant-time digest comparison, and coded errors ({@link WebhookError}) instead of plain ones.
 *
 * Checks run cheapest and most fundamental first: body size, then the token (signature, times, body hash), then
 * decoding. The body must be the exact bytes received: never a re-serialised object.
 *
 * @example
 * ```ts
 * const receiver = new WebhookReceiver(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!);
 * app.post('/livekit', express.raw({ type: 'application/webhook+json' }), async (req, res) => {
 *   const event = await receiver.receive(req.body, req.get('Authorization'));
 *   if (event.event === 'participant_joined') console.log(event.participant.identity);
 *   res.sendStatus(200);
 * });
 * ```
 * @example
 * ```ts
 * // Two keys during rotation, the Go receiver's 60 s leeway, strict decoding.
 * const receiver = new WebhookReceiver({ keys: { APIold: oldSecret, APInew: newSecret }, strict: true });
 * const event = await receiver.verify({ body: rawBody, headers: request.headers });
 * ```
 */
export class WebhookReceiver<Strict extends boolean = false> implements WebhookVerifier<
  ReceivedWebhookEvent<Strict>
> {
  readonly #keys: KeyProvider;
  readonly #verifyOptions: VerifyLiveKitWebhookOptions;
  readonly #maxBodyBytes: number;
  readonly #parseOptions: { strict: boolean };

  /** One key, as livekit-server-sdk's `new WebhookReceiver(apiKey, apiSecret)`. */
  constructor(apiKey: string, apiSecret: string);
  /** Several keys and options. */
  constructor(options: WebhookReceiverOptions<Strict>);
  constructor(keyOrOptions: string | WebhookReceiverOptions<Strict>, apiSecret?: string) {
    const options: WebhookReceiverOptions<Strict> =
      typeof keyOrOptions === 'string'
        ? { keys: new Map([[keyOrOptions, apiSecret as string]]) }
        : keyOrOptions;
    if (options === null || typeof options !== 'object') {
      throw new WebhookError('invalid_key', 'WebhookReceiver needs (apiKey, apiSecret) or an options object');
    }
    this.#keys = createKeyProvider(options.keys);
    this.#maxBodyBytes = checkMaxBodyBytes(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    this.#parseOptions = { strict: options.strict === true };
    const clockToleranceSeconds = checkSeconds('clockToleranceSeconds', options.clockToleranceSeconds ?? 60);
    this.#verifyOptions =
      options.now === undefined ? { clockToleranceSeconds } : { clockToleranceSeconds, now: options.now };
  }

  /**
   * Verifies `authHeader` against `body` and decodes the event; the same positional signature as
   * livekit-server-sdk's `receive`.
   *
   * @param body - the exact raw body (string or bytes).
   * @param authHeader - the `Authorization` header (a bare JWT, or `Bearer <jwt>`).
   * @param skipAuth - decode without checking the token (only for trusted, already-verified input).
   * @param clockTolerance - overrides the tolerance for this call: seconds, or a duration such as `'10s'`.
   * @throws {WebhookError} see {@link verifyLiveKitWebhook}, plus `body_too_large`, `malformed_body` and
   * `invalid_event` (strict mode).
   */
  async receive(
    body: string | Uint8Array,
    authHeader?: string,
    skipAuth = false,
    clockTolerance?: number | string,
  ): Promise<ReceivedWebhookEvent<Strict>> {
    assertRawBody(body);
    assertBodySize(body, this.#maxBodyBytes);
    if (!skipAuth) {
      const options =
        clockTolerance === undefined
          ? this.#verifyOptions
          : { ...this.#verifyOptions, clockToleranceSeconds: toToleranceSeconds(clockTolerance) };
      verifyLiveKitWebhook(body, authHeader, this.#keys, options);
    }
    // The codec's overloads tie `strict: true` to WebhookEvent; the class parameter carries the same fact.
    return parseWebhookEvent(body, this.#parseOptions) as ReceivedWebhookEvent<Strict>;
  }

  /** Verifies one raw request, reading its `Authorization` header. */
  async verify(request: RawWebhookRequest): Promise<ReceivedWebhookEvent<Strict>> {
    if (request === null || typeof request !== 'object') {
      throw new WebhookError('malformed_body', 'verify() needs a { body, headers } request');
    }
    return this.receive(request.body, requestHeader(request.headers, 'authorization') as string | undefined);
  }
}
