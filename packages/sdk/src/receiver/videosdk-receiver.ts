import { assertBodySize, assertRawBody, checkMaxBodyBytes } from '../auth/raw-body.js';
import { importVideoSdkPublicKey, verifyVideoSdkSignature } from '../auth/videosdk-signature.js';
import {
  parseVideoSdkWebhook,
  type DecodedVideoSdkWebhook,
  type VideoSdkWebhook,
} from '../catalog/videosdk/index.js';
import { WebhookError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
import { requestHeader } from './request-header.js';
import type { RawWebhookRequest, WebhookVerifier } from './types.js';

/** With `strict: true`, only known webhook types ({@link VideoSdkWebhook}); otherwise unknown ones too. */
export type ReceivedVideoSdkWebhook<Strict extends boolean> = Strict extends true
  ? VideoSdkWebhook
  : DecodedVideoSdkWebhook;

/** Options of {@link VideoSdkWebhookReceiver}. */
export interface VideoSdkWebhookReceiverOptions<Strict extends boolean = boolean> {
  /** Larger bodies are refused with `body_too_large`. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Reject webhook types the catalog does not know with `invalid_event` (default: tolerate them). */
  strict?: Strict;
}

/**
 * Verifies VideoSDK webhooks (`videosdk-signature`: base64 RSA-SHA256 over the raw body) with a pinned public
 * key, then decodes them with the VideoSDK catalog. The PEM is imported once, in the constructor, so a bad key
 * fails at start-up rather than on the first request.
 *
 * @example
 * ```ts
 * const receiver = new VideoSdkWebhookReceiver(VIDEOSDK_PUBLIC_KEY_PEM);
 * const webhook = await receiver.receive(rawBody, req.get('videosdk-signature'));
 * if (webhook.webhookType === 'recording-stopped') archive(webhook.data);
 * ```
 */
export class VideoSdkWebhookReceiver<Strict extends boolean = false> implements WebhookVerifier<
  ReceivedVideoSdkWebhook<Strict>
> {
  readonly #publicKeyPem: string;
  readonly #maxBodyBytes: number;
  readonly #parseOptions: { strict: boolean };

  /** @throws {WebhookError} `invalid_key` for a PEM that is not an RSA public key, or a bad option. */
  constructor(publicKeyPem: string, options: VideoSdkWebhookReceiverOptions<Strict> = {}) {
    importVideoSdkPublicKey(publicKeyPem);
    this.#publicKeyPem = publicKeyPem;
    const opts: VideoSdkWebhookReceiverOptions<Strict> = options ?? {};
    this.#maxBodyBytes = checkMaxBodyBytes(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    this.#parseOptions = { strict: opts.strict === true };
  }

  /**
   * Verifies the signature over `body` and decodes the webhook.
   *
   * @throws {WebhookError} `body_too_large`, `missing_authorization`, `malformed_token`, `invalid_signature`,
   * `malformed_body` or `invalid_event`.
   */
  async receive(
    body: string | Uint8Array,
    signatureHeader?: string | null,
  ): Promise<ReceivedVideoSdkWebhook<Strict>> {
    assertRawBody(body);
    assertBodySize(body, this.#maxBodyBytes);
    verifyVideoSdkSignature(body, signatureHeader, this.#publicKeyPem);
    return parseVideoSdkWebhook(body, this.#parseOptions) as ReceivedVideoSdkWebhook<Strict>;
  }

  /** Verifies one raw request, reading its `videosdk-signature` header. */
  async verify(request: RawWebhookRequest): Promise<ReceivedVideoSdkWebhook<Strict>> {
    if (request === null || typeof request !== 'object') {
      throw new WebhookError('malformed_body', 'verify() needs a { body, headers } request');
    }
    return this.receive(
      request.body,
      requestHeader(request.headers, 'videosdk-signature') as string | undefined,
    );
  }
}
