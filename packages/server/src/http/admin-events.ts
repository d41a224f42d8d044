/** `GET /v1/events` (filtered, cursor-paginated, newest first) and `GET /v1/events/:id` (with its deliveries). */
import type { FastifyPluginAsync } from 'fastify';
import type { Notifier } from '../engine/notifier.js';
import type { EventRow } from '../store/contract.js';
import { ApiError } from './errors.js';
import { page, parseCursor, parseLimit, parseOptionalTime } from './query.js';

export interface EventView extends Omit<EventRow, 'body'> {
  /** The stored protobuf-JSON body, parsed. */
  body: unknown;
}

export function eventView(row: EventRow): EventView {
  return { ...row, body: JSON.parse(row.body) as unknown };
}

type Query = Partial<Record<'room' | 'type' | 'since' | 'until' | 'cursor' | 'limit', string>>;

export const adminEventRoutes: FastifyPluginAsync<{ notifier: Notifier }> = async (app, { notifier }) => {
  app.get<{ Querystring: Query }>('/v1/events', async (request) => {
    const q = request.query;
    const now = Date.now();
    const limit = parseLimit(q.limit);
    const since = parseOptionalTime(q.since, 'since', now);
    const until = parseOptionalTime(q.until, 'until', now);
    const before = parseCursor(q.cursor);
    const rows = await notifier.store.listEvents({
      limit: limit + 1,
      ...(q.room === undefined ? {} : { room: q.room }),
      ...(q.type === undefined ? {} : { name: q.type }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(before === undefined ? {} : { before }),
    });
    const result = page(rows, limit, (row) => row.seq);
    return { events: result.rows.map(eventView), nextCursor: result.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/v1/events/:id', async (request) => {
    const row = await notifier.store.getEvent(request.params.id);
    if (!row) throw new ApiError(404, 'event_not_found', `no event ${JSON.stringify(request.params.id)}`);
    const deliveries = await notifier.store.listDeliveries({ eventId: row.id, limit: 1000 });
    return {
      event: eventView(row),
      deliveries: await Promise.all(
        deliveries.map(async (d) => ({ ...d, attempts: await notifier.store.listAttempts(d.id) })),
      ),
    };
  });
};
