/**
 * The dashboard: a small hand-written page (no framework, no build step, no CDN) served by the same process
 * and behind the same keys as the admin API, plus the few routes only it needs.
 *
 * | route                          | auth   | what                                                          |
 * | ------------------------------ | ------ | ------------------------------------------------------------- |
 * | `GET /`                        | —      | the page (it signs in with an API key and secret)             |
 * | `GET /assets/:file`            | —      | its CSS and ES modules                                        |
 * | `POST /v1/session`             | key    | `{ apiKey, apiSecret }` → `{ token, expiresAt }` (1 h token)  |
 * | `GET /v1/stream`               | bearer | Server-Sent Events: new events and every delivery outcome     |
 * | `GET /v1/dashboard/endpoints`  | bearer | endpoint health: success rate, p95, backlog, circuit, error   |
 * | `GET /v1/dashboard/rooms`      | bearer | rooms derived from recent events (active, participants)       |
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Notifier } from '../engine/notifier.js';
import { createAuthenticator } from '../http/auth.js';
import { SseStreams } from '../http/sse.js';
import { ApiError } from '../http/errors.js';
import { endpointHealth } from './health.js';
import { LiveFeed, type LiveMessage } from './live-feed.js';
import { deriveRooms } from './rooms.js';
import { sessionRoutes } from './session.js';
import { loadAssets, SECURITY_HEADERS, type Asset } from './static-assets.js';

export { dashboardOpenApiPaths } from './openapi-paths.js';

export interface DashboardOptions {
  notifier: Notifier;
  /** API key → secret, the same pairs that sign admin tokens. */
  keys: Readonly<Record<string, string>>;
  /** How often the live stream looks for new events; default 300 ms. */
  pollIntervalMs?: number;
  /** Idle streams get a comment this often, so proxies keep them open; default 15 s. */
  heartbeatMs?: number;
}

/** A stream whose client stopped reading is dropped past this much unsent data; it reconnects and catches up. */
/** Events scanned to derive rooms. */
const ROOM_WINDOW = 2000;

function sse(message: LiveMessage): string {
  return `event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const { notifier, keys } = options;
  const assets = loadAssets();
  const feed = new LiveFeed(notifier, { pollIntervalMs: options.pollIntervalMs ?? 300 });
  const streams = new SseStreams();
  // Open streams would hold `close()` forever: end them before the server waits for in-flight requests.
  app.addHook('preClose', async () => {
    streams.endAll();
    feed.close();
  });

  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  });

  /** Answers with a file, or 304 when the browser's copy is current (assets are revalidated, never stale). */
  const serve = (asset: Asset, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.header('cache-control', 'no-cache').header('etag', asset.etag).type(asset.type);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.send(asset.body);
  };

  app.get('/', async (request, reply) => serve(assets.get('index.html')!, request, reply));

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    // Only names read from the assets folder at start: no path from the URL ever reaches the file system.
    const asset = request.params.file === 'index.html' ? undefined : assets.get(request.params.file);
    if (!asset) throw new ApiError(404, 'not_found', `no asset ${JSON.stringify(request.params.file)}`);
    return serve(asset, request, reply);
  });

  await app.register(sessionRoutes, { keys });

  const authenticate = createAuthenticator(keys);
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      await authenticate(request);
    });

    v1.get('/v1/dashboard/endpoints', async () => ({
      endpoints: await endpointHealth(notifier, (id) => feed.circuitState(id)),
    }));

    v1.get('/v1/dashboard/rooms', async () => {
      const events = await notifier.store.listEvents({ limit: ROOM_WINDOW });
      return { rooms: deriveRooms(events.reverse()), scanned: events.length };
    });

    // Server-Sent Events over a plain GET with `Authorization` (the page reads it with fetch, so the token
    // never lands in a URL or a log). `?after=<seq>` replays what a reconnecting page missed.
    v1.get<{ Querystring: { after?: string } }>('/v1/stream', async (request, reply) => {
      const afterText = request.query.after;
      if (afterText !== undefined && !/^\d{1,15}$/.test(afterText)) {
        throw new ApiError(400, 'invalid_parameter', 'after: expected the seq of the last event received');
      }
      // fastify answers HEAD through this GET handler: headers only, no stream to keep open.
      if (request.method === 'HEAD') return reply.type('text/event-stream; charset=utf-8').send();
      let unsubscribe: (() => void) | undefined;
      const stream = streams.open(reply, {
        headers: SECURITY_HEADERS,
        heartbeatMs: options.heartbeatMs ?? 15_000,
        onEnd: () => unsubscribe?.(),
      });
      stream.write(': roomhooks live stream\nretry: 2000\n\n');
      try {
        unsubscribe = await feed.subscribe(
          (message) => stream.write(sse(message)),
          afterText === undefined ? undefined : Number(afterText),
        );
        if (stream.ended) unsubscribe();
        else stream.write(`event: ready\ndata: {}\n\n`);
      } catch {
        stream.end();
      }
    });
  });
};

/**
 * Registers the dashboard on an app (the HTTP server's, next to the admin API).
 *
 * @example
 * ```ts
 * const { app } = await createHttpServer({ notifier, keys });
 * await registerDashboard(app, { notifier, keys });
 * await app.listen({ port: 7890 });
 * ```
 */
export async function registerDashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  await app.register(dashboardPlugin, options);
}
