import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { encodeWebhookEvent, sampleWebhookEvent, signLiveKitWebhook } from '@roomhooks/sdk';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { roomEvent } from '../helpers/engine.js';
import { API_KEY, API_SECRET, startApi } from './helpers.js';

describe('HTTP server', () => {
  it('logs requests as structured lines that never contain tokens or secrets', async (t) => {
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink) as unknown as FastifyBaseLogger;
    const api = await startApi(t, { logger });
    const token = api.auth.slice('Bearer '.length);
    await api.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: api.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(roomEvent('logged', 1)),
    });
    await api.app.inject({
      method: 'GET',
      url: '/v1/endpoints',
      headers: { authorization: `Bearer ${token}x` },
    });
    const body = encodeWebhookEvent(sampleWebhookEvent('room_started', { id: 'EV_logged' }));
    const livekitToken = signLiveKitWebhook({ apiKey: API_KEY, apiSecret: API_SECRET, body });
    await api.app.inject({
      method: 'POST',
      url: '/ingest/livekit',
      headers: { authorization: livekitToken, 'content-type': 'application/webhook+json' },
      payload: body,
    });
    const lines = logs.trim().split('\n');
    assert.ok(lines.length >= 6, 'requests were logged');
    for (const line of lines) JSON.parse(line);
    for (const secret of [token, livekitToken, API_SECRET]) assert.ok(!logs.includes(secret));
  });

  it('answers 503 shutting_down to intake once shutdown began, while probes still answer', async (t) => {
    const api = await startApi(t);
    api.stopAccepting();
    const publish = await api.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: api.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(roomEvent('late', 1)),
    });
    assert.equal(publish.statusCode, 503);
    assert.equal(publish.headers.connection, 'close');
    assert.equal(api.json<{ error: { code: string } }>(publish).error.code, 'shutting_down');
    assert.equal((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503);
    assert.equal((await api.notifier.store.stats()).events, 0);
  });
});
