import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { sampleWebhookEvent, type WebhookEventName } from '@roomhooks/sdk';
import { connectRoom, type Room } from '@roomhooks/sdk/client';
import { createNotifier, type Notifier } from 'roomhooks';
import { createHttpServer } from '../../src/http/server.js';
import { API_KEY, API_SECRET, mintToken, startApi } from './helpers.js';
import { tempDir, waitFor } from '../helpers/engine.js';

let counter = 0;
function event(name: WebhookEventName, room: string, identity?: string) {
  return {
    ...sampleWebhookEvent(name, { room, ...(identity ? { identity } : {}) }),
    id: `EV_rooms${++counter}`,
  };
}

describe('rooms API', () => {
  it('derives rooms from published events and mints room-limited tokens', async (t) => {
    const api = await startApi(t);
    await api.notifier.publish([
      event('room_started', 'standup'),
      event('participant_joined', 'standup', 'alice'),
      event('room_started', 'retro'),
    ]);
    const list = api.json<{ rooms: { name: string }[] }>(
      await api.app.inject({ method: 'GET', url: '/v1/rooms', headers: { authorization: api.auth } }),
    );
    assert.deepEqual(list.rooms.map((r) => r.name).sort(), ['retro', 'standup']);

    const one = api.json<{ participants: Record<string, unknown>; seq: number }>(
      await api.app.inject({ method: 'GET', url: '/v1/rooms/standup', headers: { authorization: api.auth } }),
    );
    assert.deepEqual(Object.keys(one.participants), ['alice']);
    assert.ok(one.seq >= 2);

    const missing = await api.app.inject({
      method: 'GET',
      url: '/v1/rooms/nope',
      headers: { authorization: api.auth },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(api.json<{ error: { code: string } }>(missing).error.code, 'room_not_found');

    const minted = api.json<{ token: string; room: string }>(
      await api.app.inject({
        method: 'POST',
        url: '/v1/rooms/standup/token',
        headers: { authorization: api.auth },
        payload: { identity: 'web' },
      }),
    );
    assert.equal(minted.room, 'standup');
    const roomAuth = { authorization: `Bearer ${minted.token}` };

    const own = await api.app.inject({ method: 'GET', url: '/v1/rooms/standup', headers: roomAuth });
    assert.equal(own.statusCode, 200);
    for (const [method, url] of [
      ['GET', '/v1/rooms/retro'],
      ['GET', '/v1/rooms'],
      ['GET', '/v1/events'],
      ['POST', '/v1/rooms/standup/token'],
    ] as const) {
      const res = await api.app.inject({ method, url, headers: roomAuth });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(api.json<{ error: { code: string } }>(res).error.code, 'room_token');
    }
  });
});

interface Running {
  notifier: Notifier;
  close(): Promise<void>;
}

async function serveOn(t: TestContext, db: string, port: number): Promise<Running & { port: number }> {
  const notifier = await createNotifier({ store: { sqlite: db }, keys: { [API_KEY]: API_SECRET } });
  const { app } = await createHttpServer({ notifier, keys: { [API_KEY]: API_SECRET } });
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await notifier.close();
  };
  t.after(close);
  return { notifier, close, port: typeof address === 'object' && address ? address.port : port };
}

describe('room stream', () => {
  it('streams a snapshot then changes, and resumes across a server restart with no gap and no repeat', async (t) => {
    const db = join(tempDir(t), 'roomhooks.db');
    const first = await serveOn(t, db, 0);
    await first.notifier.publish([
      event('room_started', 'standup'),
      event('participant_joined', 'standup', 'alice'),
    ]);
    const base = `http://127.0.0.1:${first.port}`;
    const tokenRes = await fetch(`${base}/v1/rooms/standup/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintToken()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await tokenRes.json()) as { token: string };

    const seen: string[] = [];
    const room: Room = await connectRoom(`${base}/v1/rooms/standup/stream`, token, {
      backoff: { initialMs: 50, maxMs: 200 },
    });
    t.after(() => room.disconnect());
    for (const name of ['ParticipantConnected', 'TrackPublished', 'Reconnecting', 'Reconnected'] as const) {
      room.on(name, () => seen.push(name));
    }
    assert.deepEqual([...room.participants.keys()], ['alice'], 'the snapshot holds the room as it is');

    await first.notifier.publish(event('track_published', 'standup', 'alice'));
    await waitFor('TrackPublished', () => seen.includes('TrackPublished'), 3000);

    await first.close(); // the server goes away: the stream ends
    await waitFor('Reconnecting', () => seen.includes('Reconnecting'), 3000);
    const second = await serveOn(t, db, first.port); // same store, same port
    await second.notifier.publish(event('participant_joined', 'standup', 'bob'));
    await waitFor(
      'Reconnected and bob',
      () => seen.includes('Reconnected') && room.participants.has('bob'),
      5000,
    );

    assert.deepEqual(
      seen.filter((s) => s !== 'Reconnecting' && s !== 'Reconnected'),
      ['TrackPublished', 'ParticipantConnected'],
      'no change missed or doubled across the restart',
    );
    const server = (await (
      await fetch(`${base}/v1/rooms/standup`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { seq: number; participants: Record<string, unknown> };
    assert.equal(room.seq, server.seq, 'the client is at the server seq');
    assert.deepEqual(
      Object.keys(room.getSnapshot().participants).sort(),
      Object.keys(server.participants).sort(),
    );
    const { seq: _seq, ...serverRoom } = server;
    assert.deepEqual(room.getSnapshot(), serverRoom, "the client's state equals the server's");
  });
});
