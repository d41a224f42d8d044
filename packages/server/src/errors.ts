/**
 * The server package's one error class. `code` is stable and safe to switch on; HTTP APIs answer
 * `{ "error": { "code", "message" } }` with {@link RoomhooksError.status}.
 */
export type RoomhooksErrorCode =
  /** A published event does not satisfy the catalog (unknown name, wrong field type, missing payload). */
  | 'invalid_event'
  /** An endpoint definition is unusable (bad URL, unknown format, bad retry schedule, unknown API key). */
  | 'invalid_endpoint'
  /** Notifier options or a config file are invalid. */
  | 'config_invalid'
  | 'endpoint_not_found'
  | 'delivery_not_found'
  /** A delivery that is still queued, pending or in flight cannot be retried by hand. */
  | 'not_retryable'
  /** The notifier is closing or closed and takes no more work. */
  | 'closed'
  /** The store (a PostgreSQL database away, a full disk) did not take a publish: try again. */
  | 'store_unavailable'
  /** The endpoint's address is refused by the network policy (SSRF guard). */
  | 'address_forbidden';

export class RoomhooksError<C extends RoomhooksErrorCode = RoomhooksErrorCode> extends Error {
  override readonly name = 'RoomhooksError';
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  get status(): number {
    switch (this.code) {
      case 'endpoint_not_found':
      case 'delivery_not_found':
        return 404;
      case 'not_retryable':
        return 409;
      case 'closed':
      case 'store_unavailable':
        return 503;
      default:
        return 400;
    }
  }

  toJSON(): { code: C; message: string } {
    return { code: this.code, message: this.message };
  }
}
