/** Probes and metrics, without auth: `GET /healthz`, `GET /readyz`, `GET /metrics`. */
import type { FastifyPluginAsync } from 'fastify';
import type { Notifier } from '../engine/notifier.js';

export interface HealthOptions {
  notifier: Notifier;
  /** False once shutdown began, so load balancers stop sending before intake closes. */
  isAccepting: () => boolean;
}

// Probes are polled every few seconds; logging each one would drown the request log.
const QUIET = { logLevel: 'warn' } as const;

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, { notifier, isAccepting }) => {
  // Liveness: the process answers. Nothing else, so a slow disk never gets a healthy process restarted.
  app.get('/healthz', QUIET, async () => ({ status: 'ok' }));

  // Readiness: the store answers a point query (cheap even on a large database).
  app.get('/readyz', QUIET, async (_request, reply) => {
    if (!isAccepting()) {
      return reply
        .status(503)
        .send({ error: { code: 'shutting_down', message: 'the server is shutting down' } });
    }
    try {
      await notifier.store.getSetting('readyz');
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
