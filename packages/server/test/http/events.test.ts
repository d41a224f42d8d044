import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedIds, roomEvent, settled, sleep, startSink, waitFor } from '../helpers/engine.js';
import { startApi, type TestApi } from './helpers.js';

const post = (api: TestApi, payload: string, contentType = 'application/json') =>
  api.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { authorization: api.auth, 'content-type': contentType },
    payload,
  });

async function storedCount(api: TestApi): Promise<number> {
  return (await api.notifier.store.stats()).events;
}

describe('POST /v1/events', () => {
  it('takes one event, an array, or NDJSON, and answers 202 { ids, duplicates }', async (t) => {
    const api = await startApi(t);
    const one = await post(api, JSON.stringify(roomEvent('a', 1)));
    assert.equal(one.statusCode, 202);
    assert.deepEqual(api.json(one), { ids: ['a-1'], duplicates: [] });

    const many = await post(api, JSON.stringify([roomEvent('a', 2), roomEvent('b', 1)]));
    assert.equal(many.statusCode, 202);
    assert.deepEqual(api.json(many), { ids: ['a-2', 'b-1'], duplicates: [] });

    const ndjson = [roomEvent('c', 1), roomEvent('c', 2)].map((e) => JSON.stringify(e)).join('\n') + '\n\n';
    const lines = await post(api, ndjson, 'application/x-ndjson');
    assert.equal(lines.statusCode, 202);
    assert.deepEqual(api.json(lines), { ids: ['c-1', 'c-2'], duplicates: [] });

    // Without an id, one is generated (LiveKit's EV_ shape).
    const { id: _id, ...anonymous } = roomEvent('d', 1);
    const generated = api.json<{ ids: string[] }>(await post(api, JSON.stringify(anonymous)));
    assert.match(generated.ids[0]!, /^EV_/);
    assert.equal(await storedCount(api), 6);
  });

  it('acknowledges a duplicate id and delivers it once', async (t) => {
    const sink = await startSink(t);
    const api = await startApi(t, { endpoints: [{ id: 'sink', url: sink.url() }] });
    const body = JSON.stringify(roomEvent('room', 1));
    assert.deepEqual(api.json(await post(api, body)), { ids: ['room-1'], duplicates: [] });
    assert.deepEqual(api.json(await post(api, body)), { ids: ['room-1'], duplicates: ['room-1'] });
    await waitFor('delivered', () => acceptedIds(sink).has('room-1'));
    await settled(api.notifier);
    await sleep(100);
    assert.equal(sink.requests.length, 1);
  });

  it('refuses bad requests with the error shape and stores nothing', async (t) => {
    const api = await startApi(t);
    const cases: [string, () => ReturnType<typeof post>, number, string, RegExp?][] = [
      ['malformed JSON', () => post(api, '{"event": '), 400, 'malformed_body'],
      ['empty body', () => post(api, ''), 400, 'malformed_body'],
      ['empty array', () => post(api, '[]'), 400, 'malformed_body'],
      [
        'bad NDJSON line',
        () => post(api, `${JSON.stringify(roomEvent('x', 1))}\n{oops`, 'application/x-ndjson'),
        400,
        'malformed_body',
        /^line 2: /,
      ],
      [
        'wrong content type',
        () => post(api, 'event=room_started', 'application/x-www-form-urlencoded'),
        415,
        'unsupported_media_type',
      ],
      [
        'oversized',
        () => post(api, JSON.stringify({ event: 'room_started', pad: 'x'.repeat(1024 * 1024) })),
        413,
        'body_too_large',
      ],
      [
        'invalid event in a batch',
        () => post(api, JSON.stringify([roomEvent('x', 1), roomEvent('x', 2), { event: 'no_such_event' }])),
        400,
        'invalid_event',
        /^events\[2\]/,
      ],
      ['not an object', () => post(api, '42'), 400, 'invalid_event'],
    ];
    for (const [what, send, status, code, message] of cases) {
      const response = await send();
      assert.equal(response.statusCode, status, what);
      const body = api.json<{ error: { code: string; message: string } }>(response);
      assert.equal(body.error.code, code, what);
      if (message) assert.match(body.error.message, message, what);
    }
    assert.equal(await storedCount(api), 0, 'nothing stored by any refused request');
  });
});
