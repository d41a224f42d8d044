import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createFetchHandler } from '../../src/adapters/fetch/index.js';
import { signLiveKitWebhook } from '../../src/auth/index.js';
import type { WebhookEvent } from '../../src/catalog/livekit/index.js';
import { createMemoryDedupe } from '../../src/dedupe/index.js';
import { StandardWebhookReceiver, WebhookReceiver } from '../../src/receiver/index.js';
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
  type SignedRequest,
} from './helpers.js';

type ErrorReply = { error: { code: string; message: string } };

const receiver = new WebhookReceiver({ keys: { [apiKey]: apiSecret }, strict: true });

function toRequest(signed: SignedRequest): Request {
  return new Request('http://localhost/webhook', {
    method: 'POST',
    body: signed.body,
    headers: signed.headers,
  });
}

async function errorCode(response: Response): Promise<string> {
  assert.equal(response.headers.get('content-type'), 'application/json');
  return ((await response.json()) as ErrorReply).error.code;
}

describe('fetch adapter, called with Request objects', () => {
  it('verifies and hands the handler a typed event; answers 200 when it returns nothing', async () => {
    let seen: WebhookEvent | undefined;
    const handle = createFetchHandler(receiver, (event) => {
      seen = event;
    });
    const response = await handle(toRequest(livekitRequest()));
    assert.equal(response.status, 200);
    assert.equal(seen?.event, 'participant_joined');
  });

  it("answers with the handler's Response", async () => {
    const handle = createFetchHandler(receiver, async (event) =>
      Response.json({ id: event.id }, { status: 202 }),
    );
    const response = await handle(toRequest(livekitRequest({ id: 'EV_fetchReply01' })));
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { id: 'EV_fetchReply01' });
  });

  it('answers 401 body_hash_mismatch for a tampered body', async () => {
    const response = await createFetchHandler(receiver, () => {})(toRequest(tamper(livekitRequest())));
    assert.equal(response.status, 401);
    assert.equal(await errorCode(response), 'body_hash_mismatch');
  });

  it('answers 400 malformed_body for a signed body that is not JSON', async () => {
    const signed = livekitRequest();
    const body = 'not json';
    const headers = { ...signed.headers, authorization: signLiveKitWebhook({ apiKey, apiSecret, body }) };
    const response = await createFetchHandler(receiver, () => {})(toRequest({ body, headers }));
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'malformed_body');
  });

  it('answers 413 body_too_large, by Content-Length or while streaming', async () => {
    const handle = createFetchHandler(receiver, () => {}, { maxBodyBytes: 1024 });
    const big = livekitRequest();
    big.body += ' '.repeat(2048);
    const declared = await handle(toRequest(big));
    assert.equal(declared.status, 413);
    assert.equal(await errorCode(declared), 'body_too_large');
    // No Content-Length: a stream body, counted as it arrives.
    const stream = new Request('http://localhost/webhook', {
      method: 'POST',
      body: Readable.toWeb(Readable.from([Buffer.from(big.body)])) as ReadableStream<Uint8Array>,
      headers: big.headers,
      duplex: 'half',
    } as RequestInit);
    const streamed = await handle(stream);
    assert.equal(streamed.status, 413);
  });

  it('answers 400 body_already_parsed when the body was read before', async () => {
    const request = toRequest(livekitRequest());
    await request.json();
    const response = await createFetchHandler(receiver, () => {})(request);
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'body_already_parsed');
  });

  it('calls the handler once per event id, and again after it threw', async () => {
    let calls = 0;
    let fail = true;
    const handle = createFetchHandler(
      receiver,
      () => {
        calls++;
        if (fail) {
          fail = false;
          throw new Error('queue down');
        }
      },
      { dedupe: { store: createMemoryDedupe(), ttlMs: 60_000 } },
    );
    const signed = livekitRequest({ id: 'EV_fetchDedupe1' });
    await assert.rejects(handle(toRequest(signed)), /queue down/);
    assert.equal((await handle(toRequest(signed))).status, 200);
    assert.equal((await handle(toRequest(signed))).status, 200);
    assert.equal(calls, 2);
  });

  it('dedupes Standard Webhooks by webhook-id', async () => {
    const types: string[] = [];
    const handle = createFetchHandler(
      new StandardWebhookReceiver(standardSecret),
      (message) => {
        types.push(message.type);
      },
      { dedupe: createMemoryDedupe() },
    );
    const statuses = [];
    // Two sends of one message, each signed afresh (as a sender's retry is): same webhook-id.
    for (let i = 0; i < 2; i++)
      statuses.push((await handle(toRequest(standardRequest('msg_fetch1')))).status);
    statuses.push((await handle(toRequest(standardRequest('msg_fetch2')))).status);
    assert.deepEqual(statuses, [200, 200, 200]);
    assert.deepEqual(types, ['room.started', 'room.started']);
  });
});

describe('fetch adapter, served over node:http', () => {
  let server: Server;
  let url: string;
  const events: (string | undefined)[] = [];

  // The few lines a runtime like Hono's node-server does: IncomingMessage → Request, Response → reply.
  function toFetchRequest(req: IncomingMessage): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    return new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit);
  }

  before(async () => {
    const handle = createFetchHandler(receiver, (event) => {
      events.push(event.event);
    });
    server = createServer(async (req, res) => {
      const response = await handle(toFetchRequest(req));
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.writeHead(response.status);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = baseUrl(server);
  });

  after(() => closeServer(server));

  it('verifies a real request', async () => {
    const response = await post(url, livekitRequest());
    assert.equal(response.status, 200);
    assert.deepEqual(events, ['participant_joined']);
  });

  it('answers a tampered one with 401 and the { error } body', async () => {
    const response = await post(url, tamper(livekitRequest()));
    assert.equal(response.status, 401);
    assert.equal((response.body as ErrorReply).error.code, 'body_hash_mismatch');
  });
});
