import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roomEvent, settled, startSink, waitFor } from '../helpers/engine.js';
import { startApi, type TestApi } from './helpers.js';

type Body = Record<string, unknown>;

async function call(
  api: TestApi,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const response = await api.app.inject({
    method,
    url,
    headers: {
      authorization: api.auth,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  return {
    status: response.statusCode,
    body: (response.body === '' ? {} : JSON.parse(response.body)) as Body,
  };
}

describe('admin API: endpoints', () => {
  it('creates, lists (secrets hidden), reads, patches, pauses, resumes, rotates, replays and deletes', async (t) => {
    const sink = await startSink(t);
    const api = await startApi(t);

    const created = await call(api, 'POST', '/v1/endpoints', {
      url: sink.url(),
      format: 'standard',
      description: 'ops',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.match(created.body.secret as string, /^whsec_/);
    assert.deepEqual(created.body.retry, {
      schedule: [
        0, 1000, 5000, 30000, 120000, 600000, 1800000, 3600000, 7200000, 14400000, 28800000, 43200000,
      ],
      jitter: 0.2,
    });

    const list = await call(api, 'GET', '/v1/endpoints');
    const listed = (list.body.endpoints as Body[]).find((e) => e.id === id)!;
    assert.equal(listed.secret, undefined, 'listings never show secrets');
    assert.equal((await call(api, 'GET', `/v1/endpoints/${id}`)).body.description, 'ops');

    const patched = await call(api, 'PATCH', `/v1/endpoints/${id}`, {
      description: 'ops team',
      retry: 'livekit',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, 'ops team');
    assert.equal(patched.body.url, sink.url(), 'fields not given are kept');
    const bad = await call(api, 'PATCH', `/v1/endpoints/${id}`, { ordering: 'sideways' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body.error as Body).code, 'invalid_endpoint');

    assert.equal((await call(api, 'POST', `/v1/endpoints/${id}/pause`)).body.state, 'paused');
    assert.equal((await call(api, 'POST', `/v1/endpoints/${id}/resume`)).body.state, 'active');

    const rotated = await call(api, 'POST', `/v1/endpoints/${id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret as string, /^whsec_/);
    assert.notEqual(rotated.body.secret, created.body.secret);
    assert.equal(api.notifier.getEndpoint(id)?.secret, rotated.body.secret);

    await api.notifier.publish([roomEvent('r', 1), roomEvent('r', 2)]);
    await waitFor('both delivered', () => sink.accepted.length === 2);
    const replayed = await call(api, 'POST', `/v1/endpoints/${id}/replay`, { since: '1h' });
    assert.equal(replayed.status, 200);
    // sampleWebhookEvent's createdAt is in 2025: an hour back finds nothing, an explicit time finds both.
    assert.equal(replayed.body.queued, 0);
    const all = await call(api, 'POST', `/v1/endpoints/${id}/replay`, { since: '2020-01-01T00:00:00Z' });
    assert.equal(all.body.queued, 2);
    await waitFor('replayed', () => sink.accepted.length === 4);
    assert.equal(
      (await call(api, 'POST', `/v1/endpoints/${id}/replay`, { since: 'yesterday-ish' })).status,
      400,
    );
    for (const since of [1e20, '99999999999999999999']) {
      const outOfRange = await call(api, 'POST', `/v1/endpoints/${id}/replay`, { since });
      assert.equal(outOfRange.status, 400, `since ${since} is refused before anything is replayed`);
    }
    assert.equal(sink.accepted.length, 4, 'nothing more was replayed');

    const livekit = await call(api, 'POST', '/v1/endpoints', { url: sink.url('/lk') });
    assert.equal(
      (await call(api, 'POST', `/v1/endpoints/${livekit.body.id as string}/rotate-secret`)).status,
      409,
    );

    assert.equal((await call(api, 'DELETE', `/v1/endpoints/${id}`)).status, 204);
    const gone = await call(api, 'GET', `/v1/endpoints/${id}`);
    assert.equal(gone.status, 404);
    assert.equal((gone.body.error as Body).code, 'endpoint_not_found');
    assert.equal((await call(api, 'POST', '/v1/endpoints', { url: 'ftp://x' })).status, 400);
  });
});

describe('admin API: events, deliveries, stats', () => {
  it('lists events with filters and cursor pagination, and shows one with its deliveries and attempts', async (t) => {
    const sink = await startSink(t);
    const api = await startApi(t, { endpoints: [{ id: 'ep', url: sink.url() }] });
    await api.notifier.publish([
      roomEvent('a', 1),
      roomEvent('b', 1),
      roomEvent('a', 2),
      roomEvent('a', 3, 'participant_left'),
    ]);
    await settled(api.notifier);

    const first = await call(api, 'GET', '/v1/events?room=a&limit=2');
    assert.deepEqual(
      (first.body.events as Body[]).map((e) => e.id),
      ['a-3', 'a-2'],
    );
    assert.equal(typeof first.body.nextCursor, 'string');
    assert.equal(
      ((first.body.events as Body[])[0]!.body as Body).event,
      'participant_left',
      'bodies are parsed',
    );
    const second = await call(
      api,
      'GET',
      `/v1/events?room=a&limit=2&cursor=${first.body.nextCursor as string}`,
    );
    assert.deepEqual(
      (second.body.events as Body[]).map((e) => e.id),
      ['a-1'],
    );
    assert.equal(second.body.nextCursor, null);
    const left = await call(api, 'GET', '/v1/events?type=participant_left');
    assert.deepEqual(
      (left.body.events as Body[]).map((e) => e.id),
      ['a-3'],
    );
    assert.deepEqual(
      (await call(api, 'GET', '/v1/events?since=2020-01-01&until=2020-01-02')).body.events,
      [],
    );
    assert.equal((await call(api, 'GET', '/v1/events?limit=0')).status, 400);

    const one = await call(api, 'GET', '/v1/events/a-1');
    assert.equal(one.status, 200);
    const deliveries = one.body.deliveries as Body[];
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]!.status, 'delivered');
    assert.equal((deliveries[0]!.attempts as Body[])[0]!.statusCode, 200);
    assert.equal((await call(api, 'GET', '/v1/events/nope')).status, 404);
  });

  it('lists failed deliveries, retries one by hand, and counts everything', async (t) => {
    let status = 400;
    const sink = await startSink(t, () => status);
    const api = await startApi(t, { endpoints: [{ id: 'ep', url: sink.url() }] });
    await api.notifier.publish([roomEvent('a', 1), roomEvent('b', 1)]);
    await settled(api.notifier);

    const failed = await call(api, 'GET', '/v1/deliveries?status=failed,abandoned&endpoint=ep&limit=1');
    assert.equal((failed.body.deliveries as Body[]).length, 1);
    assert.equal((failed.body.deliveries as Body[])[0]!.status, 'failed');
    const rest = await call(
      api,
      'GET',
      `/v1/deliveries?status=failed&cursor=${failed.body.nextCursor as string}`,
    );
    assert.equal((rest.body.deliveries as Body[]).length, 1);
    assert.equal((await call(api, 'GET', '/v1/deliveries?status=lost')).status, 400);

    status = 200;
    const id = (failed.body.deliveries as Body[])[0]!.id as number;
    const retried = await call(api, 'POST', `/v1/deliveries/${id}/retry`);
    assert.equal(retried.status, 202);
    await settled(api.notifier);
    assert.equal(sink.accepted.length, 1);
    const again = await call(api, 'POST', `/v1/deliveries/${id}/retry`);
    assert.equal(again.status, 409);
    assert.equal((again.body.error as Body).code, 'not_retryable');
    assert.equal((await call(api, 'POST', '/v1/deliveries/99999/retry')).status, 404);

    const stats = await call(api, 'GET', '/v1/stats');
    assert.equal(stats.body.events, 2);
    assert.equal(stats.body.endpoints, 1);
    assert.deepEqual(
      [(stats.body.deliveries as Body).delivered, (stats.body.deliveries as Body).failed],
      [1, 1],
    );
  });
});
