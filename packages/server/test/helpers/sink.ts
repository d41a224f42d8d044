/**
 * A real HTTP webhook sink on 127.0.0.1 for engine tests: it records every request (raw body, headers, arrival
 * and answer times, the status it answered) and is scripted by a handler that picks each answer (status,
 * latency, headers). It can go down (listener closed, open connections destroyed) and come back on the same port.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SinkRequest {
  /** 0-based arrival index. */
  index: number;
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body, as received. */
  body: string;
  /** Date.now() when the body had fully arrived. */
  receivedAt: number;
  /** Date.now() when the answer was written; undefined while pending or if the connection died first. */
  answeredAt: number | undefined;
  /** The status answered; undefined while pending or if the connection died first. */
  status: number | undefined;
  /** Date.now() when the request stopped being in flight (answered, or its connection closed); else undefined. */
  endedAt: number | undefined;
}

export interface SinkAnswer {
  status: number;
  /** Wait this long before answering. */
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Picks the answer to one request; a bare number is a status with no delay. */
export type SinkHandler = (request: SinkRequest) => SinkAnswer | number;

export class Sink {
  readonly requests: SinkRequest[] = [];
  /** Requests received and not yet answered. */
  inFlight = 0;
  /** The most requests ever in flight at once (see {@link resetMaxInFlight}). */
  maxInFlight = 0;
  handler: SinkHandler;
  #server: Server;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #up = false;

  private constructor(handler: SinkHandler) {
    this.handler = handler;
    this.#server = this.#create();
  }

  /** Starts a sink on an ephemeral port of 127.0.0.1; answers 200 unless a handler says otherwise. */
  static async start(handler: SinkHandler = () => 200): Promise<Sink> {
    const sink = new Sink(handler);
    await sink.up();
    return sink;
  }

  get port(): number {
    return this.#port;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  /** Requests answered with a 2xx. */
  get accepted(): SinkRequest[] {
    return this.requests.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300);
  }

  resetMaxInFlight(): void {
    this.maxInFlight = this.inFlight;
  }

  #create(): Server {
    const server = createServer((req, res) => this.#handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    return server;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SinkRequest = {
        index: this.requests.length,
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        answeredAt: undefined,
        status: undefined,
        endedAt: undefined,
      };
      this.requests.push(request);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const picked = this.handler(request);
      const answer: SinkAnswer = typeof picked === 'number' ? { status: picked } : picked;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        request.endedAt = Date.now();
        this.inFlight--;
      };
      res.on('close', finish);
      const reply = (): void => {
        this.#timers.delete(timer);
        if (res.destroyed) return finish();
        request.status = answer.status;
        request.answeredAt = Date.now();
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? 'ok');
        finish();
      };
      const timer = setTimeout(reply, answer.delayMs ?? 0);
      this.#timers.add(timer);
    });
  }

  /** Stops listening and drops every open connection: senders now get ECONNREFUSED. */
  async down(): Promise<void> {
    if (!this.#up) return;
    this.#up = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await closed;
    this.inFlight = 0;
  }

  /** Listens again, on the same port as before (an ephemeral one the first time). */
  async up(): Promise<void> {
    if (this.#up) return;
    this.#server = this.#create();
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#up = true;
  }

  close(): Promise<void> {
    return this.down();
  }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
