import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { deriveRooms } from '../../src/dashboard/rooms.js';
import { matchCredentials } from '../../src/dashboard/session.js';
import { percentile } from '../../src/dashboard/health.js';
import { roomEvent, settled, sleep, startSink, waitFor } from '../helpers/engine.js';
import { API_KEY, API_SECRET, openStream, publishViaApi, startDashboard } from './helpers.js';

describe('dashboard: page and assets', () => {
  it('serves the page and its files with a strict CSP, ETags, and nothing outside the assets folder', async (t) => {
    const server = await startDashboard(t);
    const page = await server.fetch(`/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const html = await page.text();
    assert.match(html, /<script type="module" src="\/assets\/app.js">/);
    assert.doesNotMatch(html, /https?:\/\//, 'no CDN: everything is served from this origin');

    const js = await server.fetch(`/assets/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /^text\/javascript/);
    const etag = js.headers.get('etag')!;
    const again = await server.fetch(`/assets/app.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(
      (await server.fetch(`/assets/style.css`)).headers.get('content-type'),
      'text/css; charset=utf-8',
    );

    for (const path of ['/assets/nope.js', '/assets/..%2Fsession.ts', '/assets/%2e%2e%2fstatic-assets.ts']) {
      const res = await server.fetch(`${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    }
    await server.close();
  });
});

describe('dashboard: POST /v1/session', () => {
  it('trades a key and secret for a one-hour token the admin API accepts; refuses anything else', async (t) => {
    const server = await startDashboard(t);
    const post = (body: unknown) =>
      server.fetch(`/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const ok = await post({ apiKey: API_KEY, apiSecret: API_SECRET });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const { token, expiresAt, apiKey } = (await ok.json()) as {
      token: string;
      expiresAt: number;
      apiKey: string;
    };
    assert.equal(apiKey, API_KEY);
    const claims = decodeJwt(token);
    assert.equal(claims.iss, API_KEY);
    assert.equal(claims.exp! - claims.iat!, 3600);
    assert.ok(Math.abs(expiresAt - Date.now() - 3_600_000) < 5_000);
    const listed = await server.fetch(`/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(listed.status, 200, 'the admin API accepts the session token');

    for (const [body, status, code] of [
      [{ apiKey: API_KEY, apiSecret: 'wrong' }, 401, 'invalid_credentials'],
      [{ apiKey: 'APIother', apiSecret: API_SECRET }, 401, 'invalid_credentials'],
      [{ apiKey: API_KEY }, 400, 'malformed_body'],
      [['x'], 400, 'malformed_body'],
    ] as const) {
      const res = await post(body);
      assert.equal(res.status, status, JSON.stringify(body));
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, code);
      assert.doesNotMatch(error.message, new RegExp(API_SECRET));
    }
    await server.close();
  });

  it('compares every configured pair, and only whole matches count', () => {
    const keys = { A: 'secret-a', B: 'secret-b', __proto__: 'x' } as Record<string, string>;
    assert.equal(matchCredentials(keys, 'A', 'secret-a'), 'A');
    assert.equal(matchCredentials(keys, 'B', 'secret-b'), 'B');
    assert.equal(matchCredentials(keys, 'A', 'secret-b'), undefined);
    assert.equal(matchCredentials(keys, 'A', 'secret-a '), undefined);
    assert.equal(matchCredentials(keys, 'constructor', ''), undefined);
  });
});

describe('dashboard: GET /v1/stream', () => {
  it('needs a bearer token', async (t) => {
    const server = await startDashboard(t);
    const res = await server.fetch(`/v1/stream`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'missing_authorization');
    const head = await server.fetch('/v1/stream', {
      method: 'HEAD',
      headers: { authorization: server.auth },
    });
    assert.equal(head.status, 200);
    assert.match(head.headers.get('content-type')!, /^text\/event-stream/);
    const bad = await server.fetch(`/v1/stream?after=x`, { headers: { authorization: server.auth } });
    assert.equal(bad.status, 400);
    await server.close();
  });

  it('pushes each published event within a second and every delivery outcome; replays what a reconnect missed', async (t) => {
    const sink = await startSink(t, (r) => (r.body.includes('"identity":"user2"') ? 500 : 200));
    const server = await startDashboard(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: { schedule: [0, 10] } }],
    });
    const stream = await openStream(server);
    assert.equal(stream.status, 200);
    await waitFor('ready', () => stream.messages.some((m) => m.type === 'ready'));

    const started = Date.now();
    const [id1] = await publishViaApi(server, roomEvent('standup', 1));
    await waitFor(
      'the event on the stream',
      () => stream.messages.some((m) => m.type === 'event' && m.data.id === id1),
      1000,
    );
    const latency = Date.now() - started;
    assert.ok(latency < 1000, `event reached the stream after ${latency} ms`);
    const event = stream.messages.find((m) => m.type === 'event' && m.data.id === id1)!.data;
    assert.equal(event.name, 'participant_joined');
    assert.equal(event.room, 'standup');
    assert.equal(typeof event.seq, 'number');
    assert.ok(Array.isArray(event.deliveries));

    await waitFor('delivered outcome', () =>
      stream.messages.some(
        (m) => m.type === 'delivery' && m.data.eventId === id1 && m.data.status === 'delivered',
      ),
    );
    const [id2] = await publishViaApi(server, roomEvent('standup', 2));
    await waitFor('abandoned outcome', () =>
      stream.messages.some(
        (m) => m.type === 'delivery' && m.data.eventId === id2 && m.data.status === 'abandoned',
      ),
    );
    const retrying = stream.messages.find(
      (m) => m.type === 'delivery' && m.data.eventId === id2 && m.data.status === 'pending',
    );
    assert.equal(retrying?.data.statusCode, 500);

    // A page that reconnects with the last seq it saw gets what it missed, oldest first.
    const seq1 = event.seq as number;
    await settled(server.notifier);
    const [id3] = await publishViaApi(server, roomEvent('standup', 3));
    const again = await openStream(server, `?after=${seq1}`);
    await waitFor('backfill', () => again.messages.filter((m) => m.type === 'event').length >= 2);
    assert.deepEqual(
      again.messages.filter((m) => m.type === 'event').map((m) => m.data.id),
      [id2, id3],
    );
    again.close();

    await server.notifier.pauseEndpoint('ep');
    await waitFor('endpoint state', () =>
      stream.messages.some((m) => m.type === 'endpoint' && m.data.state === 'paused'),
    );

    // Closing the server ends open streams instead of waiting for them.
    const started2 = Date.now();
    const closing = server.close();
    await stream.ended;
    assert.ok(Date.now() - started2 < 1000, 'the stream ended as the server began to close');
    await closing;
  });

  it('tells subscribers to resync when a burst outgrows one poll, and still sends the newest events', async (t) => {
    const server = await startDashboard(t);
    const stream = await openStream(server);
    await waitFor('ready', () => stream.messages.some((m) => m.type === 'ready'));
    await server.notifier.publish(Array.from({ length: 1100 }, (_, i) => roomEvent('burst', i)));
    await waitFor('resync and the newest event', () =>
      stream.messages.some((m) => m.type === 'event' && m.data.id === 'burst-1099'),
    );
    const events = stream.messages.filter((m) => m.type === 'event');
    assert.ok(stream.messages.some((m) => m.type === 'resync'));
    assert.equal(events.length, 1000);
    assert.equal(events[0]!.data.id, 'burst-100', 'oldest first, the newest 1000');
    stream.close();
    await server.close();
  });

  it('keeps one poll timer for all subscribers and stops it when the last one leaves', async (t) => {
    const server = await startDashboard(t);
    const a = await openStream(server);
    const b = await openStream(server);
    await waitFor('both ready', () => [a, b].every((s) => s.messages.some((m) => m.type === 'ready')));
    const [id] = await publishViaApi(server, roomEvent('r', 1));
    await waitFor('both got it', () =>
      [a, b].every((s) => s.messages.filter((m) => m.type === 'event' && m.data.id === id).length === 1),
    );
    a.close();
    b.close();
    await sleep(400);
    await server.close();
  });
});

describe('dashboard: health and rooms', () => {
  it('reports success rate, p95, backlog, circuit and the last error per endpoint', async (t) => {
    const good = await startSink(t);
    const bad = await startSink(t, () => ({ status: 503, body: 'down for maintenance' }));
    const server = await startDashboard(t, {
      endpoints: [
        { id: 'good', url: good.url() },
        { id: 'bad', url: bad.url(), retry: { schedule: [0, 5, 5] } },
      ],
      circuit: { threshold: 100 },
    });
    const unauthenticated = await server.fetch(`/v1/dashboard/endpoints`);
    assert.equal(unauthenticated.status, 401);
    await publishViaApi(server, [roomEvent('r', 1), roomEvent('r', 2)]);
    await settled(server.notifier);
    const res = await server.fetch(`/v1/dashboard/endpoints`, {
      headers: { authorization: server.auth },
    });
    const { endpoints } = (await res.json()) as {
      endpoints: { id: string; backlog: number; circuit: string; recent: Record<string, unknown> }[];
    };
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    assert.equal(byId.get('good')!.recent.successRate, 1);
    assert.equal(byId.get('good')!.recent.attempts, 2);
    assert.equal(typeof byId.get('good')!.recent.p95Ms, 'number');
    assert.equal(byId.get('good')!.recent.lastError, null);
    assert.equal(byId.get('bad')!.recent.successRate, 0);
    assert.equal(byId.get('bad')!.recent.attempts, 6);
    assert.equal(byId.get('bad')!.backlog, 0);
    assert.equal(byId.get('bad')!.circuit, 'closed');
    const lastError = byId.get('bad')!.recent.lastError as { statusCode: number; response: string };
    assert.equal(lastError.statusCode, 503);
    assert.equal(lastError.response, 'down for maintenance');
    await server.close();
  });

  it('p95 is the nearest rank', () => {
    assert.equal(percentile([], 0.95), null);
    assert.equal(percentile([7], 0.95), 7);
    assert.equal(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
      95,
    );
  });

  it('derives active rooms and who is in them from recent events', async (t) => {
    const rows = (events: [string, string, string?][]) =>
      events.map(([name, room, identity], i) => ({
        name,
        room,
        createdAt: 1000 + i,
        body: JSON.stringify(identity ? { participant: { identity } } : {}),
      }));
    const rooms = deriveRooms(
      rows([
        ['room_started', 'a'],
        ['participant_joined', 'a', 'alice'],
        ['participant_joined', 'a', 'bob'],
        ['participant_left', 'a', 'alice'],
        ['room_started', 'b'],
        ['room_finished', 'b'],
        ['egress_ended', 'b'],
        ['participant_joined', 'c', 'carol'],
      ]),
    );
    assert.deepEqual(
      rooms.map((r) => [r.name, r.active, r.participants]),
      [
        ['c', true, ['carol']],
        ['a', true, ['bob']],
        ['b', false, []],
      ],
    );

    const server = await startDashboard(t);
    await publishViaApi(server, [roomEvent('standup', 1, 'room_started'), roomEvent('standup', 2)]);
    const res = await server.fetch(`/v1/dashboard/rooms`, { headers: { authorization: server.auth } });
    const body = (await res.json()) as { rooms: { name: string; active: boolean; participants: string[] }[] };
    assert.deepEqual(body.rooms[0], {
      ...body.rooms[0],
      name: 'standup',
      active: true,
      participants: ['user2'],
    });
    await server.close();
  });
});
