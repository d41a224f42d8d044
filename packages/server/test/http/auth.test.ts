import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signLiveKitWebhook } from '@roomhooks/sdk';
import { AccessToken } from 'livekit-server-sdk';
import { API_KEY, API_SECRET, mintToken, startApi } from './helpers.js';

describe('HTTP auth (Bearer JWT, HS256, iss = API key)', () => {
  it('rejects every bad credential with 401 and a stable code', async (t) => {
    const api = await startApi(t);
    const cases: [string, string | undefined, string][] = [
      ['missing', undefined, 'missing_authorization'],
      ['garbage', 'Bearer not-a-jwt', 'invalid_token'],
      ['no Bearer prefix', await mintToken(), 'invalid_token'],
      ['expired', `Bearer ${await mintToken({ expiresIn: -3600, issuedAt: -7200 })}`, 'token_expired'],
      ['unknown key', `Bearer ${await mintToken({ apiKey: 'APIother' })}`, 'unknown_api_key'],
      ['wrong secret', `Bearer ${await mintToken({ secret: 'not-the-secret' })}`, 'invalid_token'],
      ['HS512', `Bearer ${await mintToken({ alg: 'HS512' })}`, 'invalid_token'],
      ['lives 48 h', `Bearer ${await mintToken({ expiresIn: 48 * 3600 })}`, 'invalid_token'],
      // iat ten years ahead, exp an hour after it: still a ten-year credential.
      [
        'future-dated iat',
        `Bearer ${await mintToken({ issuedAt: 10 * 365 * 86400, expiresIn: 10 * 365 * 86400 + 3600 })}`,
        'invalid_token',
      ],
      // Every webhook delivered in `livekit` format carries one of these: it must not open the API.
      [
        'a webhook signature',
        `Bearer ${signLiveKitWebhook({ apiKey: API_KEY, apiSecret: API_SECRET, body: '{}' })}`,
        'webhook_token',
      ],
    ];
    for (const [what, authorization, code] of cases) {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/endpoints',
        headers: authorization === undefined ? {} : { authorization },
      });
      assert.equal(response.statusCode, 401, what);
      const body = api.json<{ error: { code: string; message: string } }>(response);
      assert.equal(body.error.code, code, what);
      assert.equal(typeof body.error.message, 'string');
      assert.ok(!body.error.message.includes('not-the-secret'), 'never echoes a secret');
    }
  });

  it('accepts a valid token, and checks auth before reading the body', async (t) => {
    const api = await startApi(t);
    // A token minted by livekit-server-sdk (grants, sub, nbf, 6 h default lifetime) is one too.
    const livekit = await new AccessToken(API_KEY, API_SECRET, { identity: 'ops' }).toJwt();
    const fromSdk = await api.app.inject({
      method: 'GET',
      url: '/v1/stats',
      headers: { authorization: `Bearer ${livekit}` },
    });
    assert.equal(fromSdk.statusCode, 200, fromSdk.body);
    const ok = await api.app.inject({
      method: 'GET',
      url: '/v1/endpoints',
      headers: { authorization: api.auth },
    });
    assert.equal(ok.statusCode, 200);
    const unauthenticated = await api.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json' },
      payload: '{ not json',
    });
    assert.equal(unauthenticated.statusCode, 401);
  });

  it('leaves /healthz, /readyz, /metrics and /openapi.json open; unknown routes 404 in the error shape', async (t) => {
    const api = await startApi(t);
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      assert.equal((await api.app.inject({ method: 'GET', url })).statusCode, 200, url);
    }
    const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.headers['content-type'] as string, /^text\/plain/);
    assert.match(metrics.body, /roomhooks_events_published_total/);
    const missing = await api.app.inject({ method: 'GET', url: '/v2/nothing' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(api.json(missing), {
      error: { code: 'not_found', message: 'no route GET /v2/nothing' },
    });
  });
});
