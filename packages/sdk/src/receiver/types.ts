/** A header lookup that works for Node's `IncomingHttpHeaders`, Fetch `Headers` and plain records alike. */
export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One webhook request as it arrived: the exact body bytes (the signatures cover them) and its headers. */
export interface RawWebhookRequest {
  body: string | Uint8Array;
  headers: HeaderSource;
}

/**
 * What the framework adapters need from a receiver: verify one raw request and return the decoded event, or
 * throw a `WebhookError`. `WebhookReceiver`, `StandardWebhookReceiver` and `VideoSdkWebhookReceiver` all are.
 */
export interface WebhookVerifier<T> {
  verify(request: RawWebhookRequest): Promise<T>;
}

/** Reads one header case-insensitively from any {@link HeaderSource}; repeated headers yield the first value. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null | undefined }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  let value = record[lower] ?? record[name];
  if (value === undefined) {
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        value = record[key];
        break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.[0];
}
