/**
 * Room state over HTTP: the rooms derived from every stored event, and each room's realtime stream in the
 * protocol of `@roomhooks/sdk/client` (snapshot, then numbered changes; resume by `Last-Event-ID`/`?since=`).
 */
import { createRoomToken } from '@roomhooks/sdk';
import { emptyRoomSnapshot, formatRoomStreamMessage, type RoomChange } from '@roomhooks/sdk/client';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { RoomHub } from '../rooms/room-hub.js';
import type { Store } from '../store/contract.js';
import type { TokenSubject } from './auth.js';
import { ApiError } from './errors.js';
import { SseStreams } from './sse.js';

export interface RoomRoutesOptions {
  store: Store;
  clock: Clock;
  keys: Readonly<Record<string, string>>;
  /** Verifies bearer tokens, room-limited ones included. */
  authenticate: (request: FastifyRequest) => Promise<TokenSubject>;
  /** Subscribes to "events were just committed" hints (returns the unsubscribe); polling covers the rest. */
  onPublished?: (hint: () => void) => () => void;
  heartbeatMs?: number;
}

const ROOM_TOKEN_TTL_SECONDS = 600;

/**
 * A change's SSE text, formatted once however many streams send it: the hub hands every subscriber the same
 * change object, so a room with a thousand watchers serialises each change once, not a thousand times.
 */
const formatted = new WeakMap<RoomChange, string>();
function formatChange(seq: number, change: RoomChange): string {
  let text = formatted.get(change);
  if (text === undefined) {
    text = formatRoomStreamMessage({ type: 'change', seq, change });
    formatted.set(change, text);
  }
  return text;
}

function parseSince(request: FastifyRequest<{ Querystring: { since?: string } }>): number | undefined {
  const text = request.query.since ?? request.headers['last-event-id'];
  if (text === undefined || text === '') return undefined;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
    throw new ApiError(
      400,
      'invalid_parameter',
      'since / Last-Event-ID: expected the seq of the last change applied',
    );
  }
  return Number(text);
}

export const roomRoutes: FastifyPluginAsync<RoomRoutesOptions> = async (app, options) => {
  const hub = new RoomHub({ store: options.store, clock: options.clock });
  await hub.start();
  const streams = new SseStreams();
  // Publishes in this process reach streams at once; other processes' (a shared PostgreSQL) by the poll.
  const stopHints = options.onPublished?.(() => hub.nudge());
  app.addHook('preClose', async () => {
    stopHints?.();
    streams.endAll();
    hub.stop();
  });

  /** Admin tokens see every room; a room token only its own. */
  async function authorise(request: FastifyRequest, room: string | undefined): Promise<TokenSubject> {
    const subject = await options.authenticate(request);
    if (subject.room !== undefined && subject.room !== room) {
      throw new ApiError(403, 'room_token', `this token is limited to room ${JSON.stringify(subject.room)}`);
    }
    return subject;
  }

  app.get('/v1/rooms', async (request) => {
    await authorise(request, undefined);
    await hub.poll();
    return { rooms: hub.list().map(({ seq, room }) => ({ seq, ...room })) };
  });

  app.get<{ Params: { name: string } }>('/v1/rooms/:name', async (request) => {
    await authorise(request, request.params.name);
    await hub.poll();
    const current = hub.snapshot(request.params.name);
    if (!current)
      throw new ApiError(404, 'room_not_found', `no events for room ${JSON.stringify(request.params.name)}`);
    return { seq: current.seq, ...current.room };
  });

  app.post<{ Params: { name: string }; Body: { identity?: unknown; ttlSeconds?: unknown } | undefined }>(
    '/v1/rooms/:name/token',
    async (request) => {
      const subject = await authorise(request, undefined);
      if (subject.room !== undefined)
        throw new ApiError(403, 'room_token', 'a room token cannot mint tokens');
      const body = request.body ?? {};
      const identity = body.identity;
      if (identity !== undefined && typeof identity !== 'string') {
        throw new ApiError(400, 'invalid_parameter', 'identity: expected a string');
      }
      const ttl = body.ttlSeconds ?? ROOM_TOKEN_TTL_SECONDS;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) {
        throw new ApiError(400, 'invalid_parameter', 'ttlSeconds: expected whole seconds from 1 to 86400');
      }
      const now = options.clock.now();
      const token = createRoomToken({
        apiKey: subject.apiKey,
        apiSecret: options.keys[subject.apiKey]!,
        room: request.params.name,
        ttlSeconds: ttl,
        now: () => now,
        ...(identity === undefined ? {} : { identity }),
      });
      return { token, room: request.params.name, expiresAt: new Date(now + ttl * 1000).toISOString() };
    },
  );

  app.get<{ Params: { name: string }; Querystring: { since?: string } }>(
    '/v1/rooms/:name/stream',
    async (request, reply) => {
      const name = request.params.name;
      await authorise(request, name);
      const since = parseSince(request);
      await hub.poll();
      if (request.method === 'HEAD') return reply.type('text/event-stream; charset=utf-8').send();
      // Subscribe before reading the backlog, and drop what the backlog already covered: no gap, no repeat.
      let sentUpTo = 0;
      const buffered: { seq: number; change: unknown }[] = [];
      let live = false;
      const stream = streams.open(reply, {
        ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
        onEnd: () => unsubscribe(),
      });
      const send = (entry: { seq: number; change: unknown }): void => {
        if (entry.seq <= sentUpTo) return;
        sentUpTo = entry.seq;
        stream.write(formatChange(entry.seq, entry.change as RoomChange));
      };
      const unsubscribe = hub.subscribe(name, (entry) => (live ? send(entry) : buffered.push(entry)));
      stream.write('retry: 1000\n\n');
      const plan = since === undefined ? undefined : hub.resume(name, since);
      if (plan?.kind === 'changes') {
        sentUpTo = since!;
        for (const entry of plan.changes) send(entry);
      } else {
        const current = plan ?? hub.snapshot(name);
        const seq = current?.seq ?? 0;
        const room = current?.room ?? emptyRoomSnapshot(name);
        stream.write(
          formatRoomStreamMessage(
            since === undefined
              ? { type: 'snapshot', seq, room }
              : { type: 'reset', seq, room, reason: 'too_far_behind' },
          ),
        );
        sentUpTo = seq;
      }
      live = true;
      for (const entry of buffered.splice(0)) send(entry);
      return reply;
    },
  );
};
