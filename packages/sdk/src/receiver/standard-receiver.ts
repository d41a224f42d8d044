import { checkSeconds, type Clock } from '../auth/clock.js';
import { assertBodySize, assertRawBody, checkMaxBodyBytes } from '../auth/raw-body.js';
import {
  parseStandardWebhookSecret,
  verifyStandardWebhook,
  type StandardWebhookKey,
  type VerifyStandardWebhookOptions,
} from '../auth/standard-webhooks.js';
import { WebhookError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
import { parseJsonBody } from '../json-body.js';
import type { HeaderSource, RawWebhookRequest, WebhookVerifier } from './types.js';

/** The body of a Standard Webhooks message: `{ type, timestamp, data }` (extra fields are kept). */
export interface StandardWebhookPayload<T = unknown> {
  /** Event type, e.g. `room.started`. */
  type: string;
  /** When the event happened, ISO-8601. */
  timestamp?: string;
  data: T;
  [field: string]: unknown;
}

/** A verified Standard Webhooks message. */
export interface StandardWebhook<T = unknown> {
  /** `webhook-id`: deduplicate on it. */
  id: string;
  /** `webhook-timestamp`, seconds since the epoch. */
  timestamp: number;
  /** `payload.type`. */
  type: string;
  /** `payload.data`. */
  data: T;
  /** The whole parsed body. */
  payload: StandardWebhookPayload<T>;
}

/** Options of {@link StandardWebhookReceiver}. */
export interface StandardWebhookReceiverOptions {
  /** How far `webhook-timestamp` may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Larger bodies are refused with `body_too_large`. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
}

/**
 * Verifies and parses Standard Webhooks (v1, HMAC-SHA256) requests. Secrets are decoded once, here; pass the
 * old and the new secret together while rotating.
 *
 * @example
 * ```ts
 * const receiver = new StandardWebhookReceiver(process.env.WEBHOOK_SECRET!);
 * const message = await receiver.receive(rawBody, req.headers);
 * if (!(await seen(message.id))) handle(message.type, message.data);
 * ```
 */
export class StandardWebhookReceiver<T = unknown> implements WebhookVerifier<StandardWebhook<T>> {
  readonly #keys: readonly StandardWebhookKey[];
  readonly #maxBodyBytes: number;
  readonly #verifyOptions: VerifyStandardWebhookOptions;

  /** @throws {WebhookError} `invalid_key` for a bad secret or option. */
  constructor(secrets: string | readonly string[], options: StandardWebhookReceiverOptions = {}) {
    const list: unknown = typeof secrets === 'string' ? [secrets] : secrets;
    if (!Array.isArray(list) || list.length === 0) {
      throw new WebhookError('invalid_key', 'StandardWebhookReceiver needs at least one secret');
    }
    this.#keys = list.map((secret: string) => parseStandardWebhookSecret(secret));
    const opts: StandardWebhookReceiverOptions = options ?? {};
    this.#maxBodyBytes = checkMaxBodyBytes(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const toleranceSeconds = checkSeconds('toleranceSeconds', opts.toleranceSeconds ?? 300);
    this.#verifyOptions = opts.now === undefined ? { toleranceSeconds } : { toleranceSeconds, now: opts.now };
  }

  /**
   * Verifies the `webhook-*` headers against `body`, then parses the `{ type, timestamp, data }` payload.
   *
   * @throws {WebhookError} see {@link verifyStandardWebhook}, plus `body_too_large`, `malformed_body` (not a
   * JSON object) and `invalid_event` (no string `type` or no `data`).
   */
  async receive(body: string | Uint8Array, headers: HeaderSource): Promise<StandardWebhook<T>> {
    assertRawBody(body);
    assertBodySize(body, this.#maxBodyBytes);
    const { id, timestamp } = verifyStandardWebhook(body, headers, this.#keys, this.#verifyOptions);
    const payload = parseJsonBody(body, 'Standard Webhooks body');
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new WebhookError('malformed_body', 'the Standard Webhooks body is not a JSON object');
    }
    const { type, data, timestamp: when } = payload as Record<string, unknown>;
    if (typeof type !== 'string' || type === '') {
      throw new WebhookError('invalid_event', 'the Standard Webhooks payload has no string "type"');
    }
    if (data === undefined)
      throw new WebhookError('invalid_event', 'the Standard Webhooks payload has no "data"');
    if (when !== undefined && typeof when !== 'string') {
      throw new WebhookError('invalid_event', 'the Standard Webhooks payload "timestamp" is not a string');
    }
    return { id, timestamp, type, data: data as T, payload: payload as StandardWebhookPayload<T> };
  }

  /** Verifies one raw request. */
  async verify(request: RawWebhookRequest): Promise<StandardWebhook<T>> {
    if (request === null || typeof request !== 'object') {
      throw new WebhookError('malformed_body', 'verify() needs a { body, headers } request');
    }
    return this.receive(request.body, request.headers);
  }
}
