import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { addWebhookParser, webhookPlugin, webhookRoute } from '../../src/adapters/fastify/index.js';
import type { LooseWebhookEvent } from '../../src/catalog/livekit/index.js';
import { createMemoryDedupe } from '../../src/dedupe/index.js';
import {
  StandardWebhookReceiver,
  VideoSdkWebhookReceiver,
  WebhookReceiver,
} from '../../src/receiver/index.js';
import {
  apiKey,
  apiSecret,
  livekitRequest,
  post,
  standardRequest,
  standardSecret,
  tamper,
  videoSdkKeys,
  videoSdkRequest,
} from './helpers.js';

type ErrorReply = { error: { code: string; message: string } };

describe('fastify adapter', () => {
  // Drop-in (non-strict): any event name, payloads optional, as livekit-server-sdk.
  const receiver = new WebhookReceiver(apiKey, apiSecret);
  const received: LooseWebhookEvent[] = [];
  let calls = 0;
  let app: FastifyInstance;
  let url: string;

  before(async () => {
    app = Fastify({ logger: false });
    // The plugin: its own context, so its parsers do not leak into the rest of the app.
    await app.register(
      webhookPlugin(
        receiver,
        (event) => {
          calls++;
          received.push(event);
        },
        { path: '/livekit', dedupe: createMemoryDedupe(), maxBodyBytes: 8192 },
      ),
    );
    await app.register(
      webhookPlugin(
        new VideoSdkWebhookReceiver(videoSdkKeys().publicKey),
        (webhook) => ({ type: webhook.webhookType }),
        {
          path: '/videosdk',
        },
      ),
    );
    // The pieces by hand, in a scope of the user's own.
    await app.register(async (scope) => {
      addWebhookParser(scope, { json: true });
      scope.post(
        '/standard',
        webhookRoute(new StandardWebhookReceiver(standardSecret), (message, _request, reply) =>
          reply.code(202).send({ id: message.id, type: message.type }),
        ),
      );
    });
    // A handler that fails: Fastify's error handler answers (500), so the sender retries.
    await app.register(
      webhookPlugin(
        receiver,
        () => {
          throw new Error('database down');
        },
        { path: '/failing' },
      ),
    );
    // A route with Fastify's stock JSON parser: the signed bytes are gone by the time the handler runs.
    app.post(
      '/stock-json',
      webhookRoute(receiver, () => {}),
    );
    // An ordinary JSON route elsewhere in the app, to prove the plugins stayed encapsulated.
    app.post('/other', async (request) => ({ parsed: request.body }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address !== null && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}`;
  });

  after(() => app.close());

  it('verifies a LiveKit request and hands the handler a typed event; answers 200', async () => {
    const response = await post(`${url}/livekit`, livekitRequest({ id: 'EV_fastifyOk001' }));
    assert.equal(response.status, 200);
    const event = received.at(-1);
    assert.equal(event?.event, 'participant_joined');
    assert.equal(event?.participant?.identity, 'alice');
  });

  it('answers a tampered body with 401 body_hash_mismatch', async () => {
    const response = await post(`${url}/livekit`, tamper(livekitRequest()));
    assert.equal(response.status, 401);
    assert.equal((response.body as ErrorReply).error.code, 'body_hash_mismatch');
  });

  it('runs the handler once per event id', async () => {
    const before = calls;
    const request = livekitRequest({ id: 'EV_fastifyDup01' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${url}/livekit`, request)).status);
    assert.deepEqual(statuses, [200, 200, 200]);
    assert.equal(calls - before, 1);
  });

  it('answers an oversized body with 413 body_too_large in the { error } shape', async () => {
    const big = livekitRequest();
    big.body += ' '.repeat(10_000);
    const response = await post(`${url}/livekit`, big);
    assert.equal(response.status, 413);
    assert.equal((response.body as ErrorReply).error.code, 'body_too_large');
  });

  it('answers body_already_parsed (400) behind the stock JSON parser, naming the fix', async () => {
    const request = livekitRequest();
    const response = await post(`${url}/stock-json`, {
      ...request,
      headers: { ...request.headers, 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    const { error } = response.body as ErrorReply;
    assert.equal(error.code, 'body_already_parsed');
    assert.match(error.message, /addWebhookParser/);
  });

  it("hands the handler's own errors to Fastify's error handler (500)", async () => {
    const response = await post(`${url}/failing`, livekitRequest());
    assert.equal(response.status, 500);
  });

  it('leaves the rest of the app on the stock JSON parser', async () => {
    const response = await post(`${url}/other`, {
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual(response.body, { parsed: { a: 1 } });
  });

  it('works with StandardWebhookReceiver (application/json in a scope with json: true)', async () => {
    const response = await post(`${url}/standard`, standardRequest('msg_fastify1'));
    assert.equal(response.status, 202);
    assert.deepEqual(response.body, { id: 'msg_fastify1', type: 'room.started' });
  });

  it('works with VideoSdkWebhookReceiver, sending what the handler returns', async () => {
    const response = await post(`${url}/videosdk`, videoSdkRequest());
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { type: 'participant-joined' });
    const bad = await post(`${url}/videosdk`, tamper(videoSdkRequest()));
    assert.equal(bad.status, 401);
    assert.equal((bad.body as ErrorReply).error.code, 'invalid_signature');
  });
});
