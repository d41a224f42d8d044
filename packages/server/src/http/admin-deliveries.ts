/** The delivery log (`GET /v1/deliveries`), manual retry, and the store's counters (`GET /v1/stats`). */
import type { FastifyPluginAsync } from 'fastify';
import type { Notifier } from '../engine/notifier.js';
import type { DeliveryStatus } from '../store/contract.js';
import { ApiError } from './errors.js';
import { page, parseCursor, parseId, parseLimit } from './query.js';

const STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'pending',
  'in_flight',
  'delivered',
  'failed',
  'abandoned',
  'not_applicable',
];

function parseStatuses(value: string | undefined): DeliveryStatus[] | undefined {
  if (value === undefined || value === '') return undefined;
  const list = value.split(',').map((s) => s.trim());
  const unknown = list.find((s) => !STATUSES.includes(s as DeliveryStatus));
  if (unknown !== undefined) {
    throw new ApiError(
      400,
      'invalid_parameter',
      `status: ${JSON.stringify(unknown)} is not one of ${STATUSES.join(', ')}`,
    );
  }
  return list as DeliveryStatus[];
}

type Query = Partial<Record<'status' | 'endpoint' | 'event' | 'cursor' | 'limit', string>>;

export const adminDeliveryRoutes: FastifyPluginAsync<{ notifier: Notifier }> = async (app, { notifier }) => {
  app.get<{ Querystring: Query }>('/v1/deliveries', async (request) => {
    const q = request.query;
    const limit = parseLimit(q.limit);
    const status = parseStatuses(q.status);
    const before = parseCursor(q.cursor);
    const rows = await notifier.store.listDeliveries({
      limit: limit + 1,
      ...(status === undefined ? {} : { status }),
      ...(q.endpoint === undefined ? {} : { endpointId: q.endpoint }),
      ...(q.event === undefined ? {} : { eventId: q.event }),
      ...(before === undefined ? {} : { before }),
    });
    const result = page(rows, limit, (row) => row.id);
    return { deliveries: result.rows, nextCursor: result.nextCursor };
  });

  app.post<{ Params: { id: string } }>('/v1/deliveries/:id/retry', async (request, reply) => {
    // delivery_not_found → 404, not_retryable → 409, by RoomhooksError's own status.
    const row = await notifier.retryDelivery(parseId(request.params.id, 'id'));
    return reply.status(202).send(row);
  });

  app.get('/v1/stats', async () => {
    const [stats, backlog] = await Promise.all([notifier.store.stats(), notifier.store.backlog()]);
    return { ...stats, endpoints: notifier.listEndpoints().length, backlog: Object.fromEntries(backlog) };
  });
};
