/** Probes and metrics, without auth: `GET /healthz`, `GET /readyz`, `GET /metrics`. */
import type { FastifyPluginAsync } from 'fastify';
import type { Notifier } from '../engine/notifier.js';

export interface HealthOptions {
  notifier: Notifier;
  /** False once shutdown began, so load balancers stop sending before intake closes. */
  isAccepting: () => boolean;
}

/**
 * `/readyz` answers within this even when the database hangs (a pool waiting for a connection could otherwise
 * take 10 s): a store that does not answer in time is as unready as one that refuses.
 */
const READY_TIMEOUT_MS = 2_000;

/** `promise`, or a rejection after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Probes are polled every few seconds; logging each one would drown the request log.
const QUIET = { logLevel: 'warn' } as const;

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, { notifier, isAccepting }) => {
  // Liveness: the process answers. Nothing else, so a slow disk never gets a healthy process restarted.
  app.get('/healthz', QUIET, async () => ({ status: 'ok' }));

  // Readiness: the store (SQLite file or PostgreSQL database) answers a point query (cheap even on a large
  // database), in time.
  app.get('/readyz', QUIET, async (_request, reply) => {
    if (!isAccepting()) {
      return reply
        .status(503)
        .send({ error: { code: 'shutting_down', message: 'the server is shutting down' } });
    }
    try {
      await within(notifier.store.getSetting('readyz'), READY_TIMEOUT_MS);
      return { status: 'ready' };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'store_unavailable', message: 'the store does not answer' } });
    }
  });

  app.get('/metrics', QUIET, async (_request, reply) => {
    const text = await notifier.metrics.metrics();
    return reply.type(notifier.metrics.contentType).send(text);
  });
};
