import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { webhookHandler } from '../../src/adapters/express/index.js';
import type { WebhookEvent } from '../../src/catalog/livekit/index.js';
import { createMemoryDedupe } from '../../src/dedupe/index.js';
import {
  StandardWebhookReceiver,
  VideoSdkWebhookReceiver,
  WebhookReceiver,
} from '../../src/receiver/index.js';
import {
  apiKey,
  apiSecret,
  baseUrl,
  closeServer,
  livekitRequest,
  post,
  standardRequest,
  standardSecret,
  tamper,
  videoSdkKeys,
  videoSdkRequest,
} from './helpers.js';

describe('express adapter', () => {
  // Strict: events are checked against the catalog and typed as the discriminated `WebhookEvent` union.
  const receiver = new WebhookReceiver({ keys: { [apiKey]: apiSecret }, strict: true });
  const received: WebhookEvent[] = [];
  const dedupe = createMemoryDedupe();
  let dedupeCalls = 0;
  let failNext = false;
  let server: Server;
  let url: string;

  before(async () => {
    const app = express();
    // 1. The documented setup: express.raw for LiveKit's content type.
    app.post(
      '/raw',
      express.raw({ type: 'application/webhook+json' }),
      webhookHandler(receiver, (event) => {
        received.push(event);
      }),
    );
    // 2. No body parser at all: the adapter reads the stream itself.
    app.post(
      '/stream',
      webhookHandler(receiver, () => {}, { maxBodyBytes: 4096 }),
    );
    // 3. The classic mistake: a JSON parser that also claims LiveKit's content type runs first.
    app.post(
      '/json-first',
      express.json({ type: ['application/json', 'application/webhook+json'] }),
      webhookHandler(receiver, () => {}),
    );
    // 4. Dedupe, and a handler that fails once.
    app.post(
      '/dedupe',
      webhookHandler(
        receiver,
        () => {
          dedupeCalls++;
          if (failNext) {
            failNext = false;
            throw new Error('database down');
          }
        },
        { dedupe },
      ),
    );
    // 5. A handler that answers itself.
    app.post(
      '/custom',
      webhookHandler(receiver, (event, _req, res) => {
        res.status(202).json({ accepted: event.id });
      }),
    );
    // 6. The other schemes through the same adapter (both send application/json).
    app.post(
      '/standard',
      express.raw({ type: 'application/json' }),
      webhookHandler(new StandardWebhookReceiver(standardSecret), (message, _req, res) => {
        res.json({ type: message.type, id: message.id });
      }),
    );
    app.post(
      '/videosdk',
      webhookHandler(new VideoSdkWebhookReceiver(videoSdkKeys().publicKey), (webhook, _req, res) => {
        res.json({ type: webhook.webhookType });
      }),
    );
    // Quiet stand-in for Express's default error handler (which logs the stack): still a 500.
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = baseUrl(server);
  });

  after(() => closeServer(server));

  it('verifies a LiveKit request behind express.raw and hands the handler a typed event; answers 200', async () => {
    const request = livekitRequest();
    const response = await post(`${url}/raw`, request);
    assert.equal(response.status, 200);
    assert.equal(response.body, '');
    const event = received.at(-1);
    assert.equal(event?.event, 'participant_joined');
    if (event?.event === 'participant_joined') assert.equal(event.participant.identity, 'alice');
  });

  it('reads the raw stream itself when no body parser ran', async () => {
    const response = await post(`${url}/stream`, livekitRequest());
    assert.equal(response.status, 200);
  });

  it('answers a tampered body with 401 body_hash_mismatch in the { error } shape', async () => {
    const response = await post(`${url}/raw`, tamper(livekitRequest()));
    assert.equal(response.status, 401);
    const { error } = response.body as { error: { code: string; message: string } };
    assert.equal(error.code, 'body_hash_mismatch');
    assert.equal(typeof error.message, 'string');
  });

  it('answers a missing Authorization header with 401 missing_authorization', async () => {
    const { body } = livekitRequest();
    const response = await post(`${url}/raw`, {
      body,
      headers: { 'content-type': 'application/webhook+json' },
    });
    assert.equal(response.status, 401);
    assert.deepEqual((response.body as { error: { code: string } }).error.code, 'missing_authorization');
  });

  it('explains body_already_parsed (400) when express.json ran first', async () => {
    const response = await post(`${url}/json-first`, livekitRequest());
    assert.equal(response.status, 400);
    const { error } = response.body as { error: { code: string; message: string } };
    assert.equal(error.code, 'body_already_parsed');
    assert.match(error.message, /express\.raw\(\{ type: 'application\/webhook\+json' \}\)/);
  });

  it('refuses a body above maxBodyBytes with 413 body_too_large', async () => {
    const big = livekitRequest();
    big.body += ' '.repeat(5000);
    const response = await post(`${url}/stream`, big);
    assert.equal(response.status, 413);
    assert.equal((response.body as { error: { code: string } }).error.code, 'body_too_large');
  });

  it('runs the handler once per event id; duplicates get 200', async () => {
    const request = livekitRequest({ id: 'EV_expressDup01' });
    const first = await post(`${url}/dedupe`, request);
    const second = await post(`${url}/dedupe`, request);
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.equal(dedupeCalls, 1);
  });

  it('releases the id when the handler throws, so the retry is handled (500 first)', async () => {
    const before = dedupeCalls;
    failNext = true;
    const request = livekitRequest({ id: 'EV_expressFail1' });
    const first = await post(`${url}/dedupe`, request);
    const retry = await post(`${url}/dedupe`, request);
    assert.deepEqual([first.status, retry.status], [500, 200]);
    assert.equal(dedupeCalls - before, 2);
  });

  it("keeps the handler's own response", async () => {
    const response = await post(`${url}/custom`, livekitRequest({ id: 'EV_customReply1' }));
    assert.equal(response.status, 202);
    assert.deepEqual(response.body, { accepted: 'EV_customReply1' });
  });

  it('works with StandardWebhookReceiver', async () => {
    const response = await post(`${url}/standard`, standardRequest('msg_express1'));
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { type: 'room.started', id: 'msg_express1' });
    const bad = await post(`${url}/standard`, { ...standardRequest(), body: '{"type":"x","data":{}}' });
    assert.equal(bad.status, 401);
    assert.equal((bad.body as { error: { code: string } }).error.code, 'invalid_signature');
  });

  it('works with VideoSdkWebhookReceiver', async () => {
    const response = await post(`${url}/videosdk`, videoSdkRequest());
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { type: 'participant-joined' });
    const bad = await post(`${url}/videosdk`, tamper(videoSdkRequest()));
    assert.equal(bad.status, 401);
    assert.equal((bad.body as { error: { code: string } }).error.code, 'invalid_signature');
  });
});
