/**
 * Set-up for dashboard tests: the real HTTP server (admin API) with the dashboard registered, listening on
 * 127.0.0.1 over a real notifier (SQLite in a temp dir). `close()` stops the server before the notifier goes.
 */
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, fetch as undiciFetch, type RequestInit } from 'undici';
import type { Notifier, NotifierOptions } from 'roomhooks';
import { registerDashboard } from '../../src/dashboard/index.js';
import { createHttpServer } from '../../src/http/server.js';
import { API_KEY, API_SECRET, startNotifier } from '../helpers/engine.js';
import { mintToken } from '../http/helpers.js';

export { API_KEY, API_SECRET, mintToken };

export interface DashboardServer {
  app: FastifyInstance;
  notifier: Notifier;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `Authorization` header value with a fresh admin token. */
  auth: string;
  /** fetch over this server's own client pool, destroyed by `close()` (idle keep-alive sockets would hold it). */
  fetch(path: string, init?: RequestInit): ReturnType<typeof undiciFetch>;
  close(): Promise<void>;
}

export async function startDashboard(
  t: TestContext,
  options: Partial<NotifierOptions> = {},
): Promise<DashboardServer> {
  const notifier = await startNotifier(t, options);
  const keys = options.keys ?? { [API_KEY]: API_SECRET };
  const { app } = await createHttpServer({ notifier, keys });
  // Once the HTTP server registers the dashboard itself, this does nothing.
  if (!app.hasRoute({ method: 'GET', url: '/v1/stream' })) await registerDashboard(app, { notifier, keys });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const agent = new Agent();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const closing = app.close();
    await agent.destroy();
    await closing;
  };
  // `after` hooks run in the order they were added, and the notifier's came first: close the server here,
  // at the end of the test body, or leave it to this hook if the test failed early.
  t.after(close);
  return {
    app,
    notifier,
    url,
    auth: `Bearer ${await mintToken()}`,
    fetch: (path, init = {}) => undiciFetch(`${url}${path}`, { ...init, dispatcher: agent }),
    close,
  };
}

/** Publishes through the admin API, as any client would. */
export async function publishViaApi(server: DashboardServer, events: unknown): Promise<string[]> {
  const res = await server.fetch('/v1/events', {
    method: 'POST',
    headers: { authorization: server.auth, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (res.status !== 202) throw new Error(`POST /v1/events: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ids: string[] }).ids;
}

export interface StreamMessage {
  type: string;
  data: Record<string, unknown>;
}

/** Reads `GET /v1/stream` with fetch, collecting messages; `close()` aborts it. */
export async function openStream(
  server: DashboardServer,
  query = '',
): Promise<{ messages: StreamMessage[]; status: number; close(): void; ended: Promise<void> }> {
  const controller = new AbortController();
  const res = await server.fetch(`/v1/stream${query}`, {
    headers: { authorization: server.auth },
    signal: controller.signal,
  });
  const messages: StreamMessage[] = [];
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type !== undefined && data !== undefined) {
            messages.push({ type, data: JSON.parse(data) as Record<string, unknown> });
          }
        }
      }
    } catch {
      // Aborted.
    }
  })();
  return { messages, status: res.status, close: () => controller.abort(), ended };
}
