/**
 * Every failure the SDK reports is a {@link WebhookError} with one of these stable codes. Codes are part of the
 * public API: they never change meaning, and new ones are only added.
 */
export type WebhookErrorCode =
  /** No `Authorization` (LiveKit), `webhook-signature` (Standard Webhooks) or `videosdk-signature` header. */
  | 'missing_authorization'
  /** The token is not three base64url parts of JSON, or a signature header is not in the expected shape. */
  | 'malformed_token'
  /** The JWT header names an algorithm other than the one the scheme allows (e.g. `none`, HS512, RS256). */
  | 'unsupported_algorithm'
  /** The token's `iss` names an API key this receiver does not know. */
  | 'unknown_api_key'
  /** The signature does not match the key, body or headers. */
  | 'invalid_signature'
  /** `exp` (or the Standard Webhooks timestamp) is in the past beyond the clock tolerance. */
  | 'token_expired'
  /** `nbf` (or the Standard Webhooks timestamp) is in the future beyond the clock tolerance. */
  | 'token_not_yet_valid'
  /** A claim the scheme requires (`exp`, `sha256`, `iss`) is absent or of the wrong type. */
  | 'missing_claim'
  /** The body's SHA-256 differs from the token's `sha256` claim: the body was altered or re-serialised. */
  | 'body_hash_mismatch'
  /** The body is not JSON, or not a JSON object of the expected shape. */
  | 'malformed_body'
  /** The body is larger than the receiver's `maxBodyBytes`. */
  | 'body_too_large'
  /** The event does not satisfy the catalog (unknown type where one is required, wrong field types). */
  | 'invalid_event'
  /** A key or secret given to the SDK is unusable (empty secret, bad `whsec_` base64, bad PEM). */
  | 'invalid_key'
  /** A framework already parsed the body, so the raw bytes the signature covers are gone. */
  | 'body_already_parsed';

/** Options accepted by {@link WebhookError}'s constructor. */
export interface WebhookErrorOptions {
  cause?: unknown;
}

/**
 * The SDK's one error class. Switch on `code`, never on `message` (messages are for humans and may improve).
 *
 * @example
 * ```ts
 * try {
 *   await receiver.receive(body, auth);
 * } catch (err) {
 *   if (err instanceof WebhookError && err.code === 'body_hash_mismatch') console.warn('body re-serialised?');
 * }
 * ```
 */
export class WebhookError<C extends WebhookErrorCode = WebhookErrorCode> extends Error {
  override readonly name = 'WebhookError';
  readonly code: C;

  constructor(code: C, message: string, options?: WebhookErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** The HTTP status a receiving endpoint should answer with for this error. */
  get status(): number {
    switch (this.code) {
      case 'body_too_large':
        return 413;
      case 'malformed_body':
      case 'invalid_event':
      case 'body_already_parsed':
        return 400;
      case 'invalid_key':
        return 500;
      default:
        return 401;
    }
  }

  toJSON(): { code: C; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** True when `err` is a {@link WebhookError}, optionally with the given code. */
export function isWebhookError<C extends WebhookErrorCode>(err: unknown, code?: C): err is WebhookError<C> {
  return err instanceof WebhookError && (code === undefined || err.code === code);
}
