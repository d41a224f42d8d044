/**
 * The sender: one POST per attempt over pooled keep-alive connections (undici), with the SSRF guard in the
 * connector so the check sees the address really dialled.
 */
import type { IncomingHttpHeaders } from 'node:http';
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

  /**
   * One attempt, settled once with what came back. Built on undici's `dispatch` with a handler rather than
   * `request()`: no response stream to iterate and no `AbortSignal.timeout` per attempt, which together cost
   * about a third of the sender's CPU (bench/deliver). The deadline covers everything from here: queueing for a
   * connection, connecting, sending and the whole response.
   */
  send(request: OutgoingRequest): Promise<SendResult> {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (err) {
      return Promise.resolve(errorResult(err, started));
    }
    return new Promise((resolve) => {
      const attempt = new Attempt(started, request.timeoutMs, resolve);
      try {
        this.#agent.dispatch(
          {
            origin: url.origin,
            path: url.pathname + url.search,
            method: 'POST',
            headers: { 'user-agent': this.#userAgent, ...request.headers },
            body: request.body,
            headersTimeout: request.timeoutMs,
            bodyTimeout: request.timeoutMs,
          },
          attempt,
        );
      } catch (err) {
        // undici reports most problems through the handler; anything thrown is settled the same way.
        attempt.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

class DeadlineError extends Error {
  constructor() {
    super('no response within the timeout');
    this.name = 'TimeoutError';
  }
}

/** Collects one response (status, Retry-After, the first KB of the body) and settles exactly once. */
class Attempt implements Dispatcher.DispatchHandler {
  readonly #started: number;
  readonly #resolve: (result: SendResult) => void;
  readonly #timer: NodeJS.Timeout;
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  #statusCode: number | undefined;
  #retryAfter: string | undefined;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #drained = 0;

  constructor(started: number, timeoutMs: number, resolve: (result: SendResult) => void) {
    this.#started = started;
    this.#resolve = resolve;
    this.#timer = setTimeout(() => this.fail(new DeadlineError()), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // The deadline passed while the request waited for a connection: it must not go out now.
    if (this.#settled) controller.abort(new DeadlineError());
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#statusCode = statusCode;
    const retryAfter = headers['retry-after'];
    this.#retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#kept < RESPONSE_SNIPPET_BYTES) {
      this.#chunks.push(chunk);
      this.#kept += chunk.length;
    }
    this.#drained += chunk.length;
    // The log keeps only the first KB: past this much, let the connection go rather than read on.
    if (this.#drained > MAX_DRAIN_BYTES) this.#succeed();
  }

  onResponseEnd(): void {
    this.#succeed();
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  #succeed(): void {
    if (!this.#settle()) return;
    const snippet =
      this.#kept === 0
        ? undefined
        : Buffer.concat(this.#chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8');
    this.#resolve({
      statusCode: this.#statusCode,
      error: undefined,
      durationMs: performance.now() - this.#started,
      response: snippet,
      retryAfter: this.#retryAfter,
    });
    if (this.#drained > MAX_DRAIN_BYTES) this.#controller?.abort(new Error('response too large'));
  }

  /** Settles as a failure (unless already settled) and lets the request go. */
  fail(error: Error): void {
    if (!this.#settle()) return;
    this.#resolve(errorResult(error, this.#started));
    this.#controller?.abort(error);
  }

  /** True the first time only. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    return true;
  }
}

function errorResult(err: unknown, started: number): SendResult {
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
