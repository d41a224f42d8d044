/**
 * The HTTP server: composes the routes over one notifier. It owns no state of its own — everything it answers
 * is read from, or written through, the notifier and its store.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerDashboard } from '../dashboard/index.js';
import type { Notifier } from '../engine/notifier.js';
import { adminDeliveryRoutes } from './admin-deliveries.js';
import { adminEndpointRoutes } from './admin-endpoints.js';
import { adminEventRoutes } from './admin-events.js';
import { createAuthenticator } from './auth.js';
import { ApiError, errorHandler, notFoundHandler } from './errors.js';
import { healthRoutes } from './health.js';
import { eventIntakeRoutes, webhookIngestRoutes } from './ingest.js';
import { openApiRoutes } from './openapi.js';
import { roomRoutes } from './rooms.js';
import { systemClock, type Clock } from '../clock.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export interface HttpServerOptions {
  notifier: Notifier;
  /** API key → secret: they verify admin tokens and LiveKit webhooks relayed to `/ingest/livekit`. */
  keys: Readonly<Record<string, string>>;
  /** PEM public key verifying `/ingest/videosdk`. */
  videosdkPublicKey?: string | undefined;
  /** A pino logger; none (silent) by default, as in tests. */
  logger?: FastifyBaseLogger | undefined;
  /** The rooms' clock: room token times, expiry of rooms whose `room_finished` never came; default system. */
  clock?: Clock | undefined;
}

export interface HttpServer {
  app: FastifyInstance;
  /** Every route registered (HEAD twins of GETs excluded), e.g. to check the OpenAPI document covers them. */
  routes: readonly { method: string; url: string }[];
  /** Readiness goes 503 before intake closes, so load balancers drain first. */
  stopAccepting(): void;
}

/** Builds (but does not start) the fastify app. */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { notifier } = options;
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: false,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
  }) as unknown as FastifyInstance; // pino's Logger and FastifyBaseLogger differ only in generics
  let accepting = true;
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // Once shutdown begins, intake answers 503 in our error shape (fastify's own 503 has another shape) and
  // closes the connection, so keep-alive clients move on; probes keep answering until the socket closes.
  app.addHook('onRequest', async (request, reply) => {
    if (accepting || PROBES.has(request.routeOptions.url ?? '')) return;
    reply.header('connection', 'close');
    throw new ApiError(503, 'shutting_down', 'the server is shutting down; retry against another instance');
  });

  await app.register(healthRoutes, { notifier, isAccepting: () => accepting });
  await app.register(openApiRoutes);
  await app.register(webhookIngestRoutes, {
    notifier,
    keys: options.keys,
    videosdkPublicKey: options.videosdkPublicKey,
    bodyLimit: BODY_LIMIT_BYTES,
  });

  const authenticate = createAuthenticator(options.keys);
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      await authenticate(request);
    });
    await v1.register(eventIntakeRoutes, { notifier });
    await v1.register(adminEventRoutes, { notifier });
    await v1.register(adminEndpointRoutes, { notifier });
    await v1.register(adminDeliveryRoutes, { notifier });
  });
  await registerDashboard(app, { notifier, keys: options.keys });
  // Outside the admin scope: room streams also take room-limited tokens (checked per route).
  await app.register(roomRoutes, {
    store: notifier.store,
    clock: options.clock ?? systemClock,
    keys: options.keys,
    authenticate: createAuthenticator(options.keys, { allowRoomTokens: true }),
    onPublished: (hint) => {
      notifier.events.on('published', hint);
      return () => notifier.events.off('published', hint);
    },
  });

  return {
    app,
    routes,
    stopAccepting() {
      accepting = false;
    },
  };
}
