/**
 * The sender: one POST per attempt over pooled keep-alive connections (undici), with the SSRF guard in the
 * connector so the check sees the address really dialled.
 */
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { RoomhooksError } from '../errors.js';
import { resolveAllowed, type NetworkPolicy } from './network-guard.js';

export interface OutgoingRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What came back from one attempt. `statusCode` is undefined when no response arrived. */
export interface SendResult {
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
  /** The first KB of the response body, for the delivery log. */
  response: string | undefined;
  retryAfter: string | undefined;
  /** True when the attempt failed before reaching the endpoint for a reason of ours (e.g. a refused address). */
  local?: boolean;
}

export interface SenderOptions {
  network?: NetworkPolicy;
  /** Keep-alive connections per origin. Default 128. */
  connectionsPerOrigin?: number;
  userAgent?: string;
}

const RESPONSE_SNIPPET_BYTES = 1024;
// Past this much body we stop reading and let the connection go: the log keeps only the first KB anyway.
const MAX_DRAIN_BYTES = 64 * 1024;

export class Sender {
  readonly #agent: Agent;
  readonly #userAgent: string;

  constructor(options: SenderOptions = {}) {
    const policy = options.network ?? {};
    const connect = buildConnector({});
    this.#agent = new Agent({
      connections: options.connectionsPerOrigin ?? 128,
      keepAliveTimeout: 30_000,
      connect: (opts, callback) => {
        resolveAllowed(opts.hostname, policy).then(
          (address) =>
            connect({ ...opts, hostname: address, servername: opts.servername ?? opts.hostname }, callback),
          (err: unknown) => callback(err as Error, null),
        );
      },
    });
    this.#userAgent = options.userAgent ?? 'roomhooks';
  }

  async send(request: OutgoingRequest): Promise<SendResult> {
    const started = performance.now();
    try {
      const url = new URL(request.url);
      const response: Dispatcher.ResponseData = await this.#agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'user-agent': this.#userAgent, ...request.headers },
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const snippet = await readSnippet(response.body);
      const retryAfter = response.headers['retry-after'];
      return {
        statusCode: response.statusCode,
        error: undefined,
        durationMs: performance.now() - started,
        response: snippet,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      };
    } catch (err) {
      const refused =
        err instanceof RoomhooksError || (err as { cause?: unknown }).cause instanceof RoomhooksError;
      return {
        local: refused,
        statusCode: undefined,
        error: describeError(err),
        durationMs: performance.now() - started,
        response: undefined,
        retryAfter: undefined,
      };
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** Reads the first KB of a response and discards the rest without holding the connection hostage. */
async function readSnippet(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let drained = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size < RESPONSE_SNIPPET_BYTES) {
      chunks.push(chunk);
      size += chunk.length;
    }
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) break;
  }
  if (size === 0) return undefined;
  return Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8');
}

function describeError(err: unknown): string {
  if (err instanceof RoomhooksError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      return 'timeout: no response within the timeout';
    const code = (err as { code?: string }).code;
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return code ? `${code}: ${err.message}${cause}` : `${err.message}${cause}`;
  }
  return String(err);
}
