/**
 * Server-Sent Events over a hijacked fastify reply: headers, keep-alive pings, back-pressure and an end that
 * runs once whoever calls it (client gone, server closing, a slow reader). Shared by every streaming route.
 */
import type { FastifyReply } from 'fastify';

/** Beyond this much unsent data the reader is too slow: end its stream rather than buffer without bound. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface SseStream {
  /** Writes raw SSE text; a no-op once ended. */
  write(text: string): void;
  end(): void;
  readonly ended: boolean;
}

export interface SseOptions {
  headers?: Record<string, string>;
  heartbeatMs?: number;
  /** Called once when the stream ends, for unsubscribing. */
  onEnd?: () => void;
}

/** Open streams of one server, so that closing it can end them (an open stream would hold `close()` forever). */
export class SseStreams {
  readonly #open = new Set<SseStream>();

  open(reply: FastifyReply, options: SseOptions = {}): SseStream {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let ended = false;
    const heartbeat = setInterval(() => stream.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    const stream: SseStream = {
      get ended() {
        return ended;
      },
      write(text) {
        if (ended) return;
        if (res.writableLength > MAX_BUFFERED_BYTES) return stream.end();
        res.write(text);
      },
      end: () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        this.#open.delete(stream);
        options.onEnd?.();
        res.end();
      },
    };
    this.#open.add(stream);
    res.on('close', stream.end);
    res.on('error', stream.end);
    return stream;
  }

  endAll(): void {
    for (const stream of [...this.#open]) stream.end();
  }
}
