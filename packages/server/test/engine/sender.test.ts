/**
 * The sender against real servers on 127.0.0.1: what it reads back from a response, its deadline, and how it
 * lets go of responses too large to log.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { Sender } from '../../src/engine/sender.js';

async function serve(t: TestContext, handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?x=1`;
}

function sender(t: TestContext): Sender {
  const s = new Sender({ network: { allowLoopback: true } });
  t.after(() => s.close());
  return s;
}

const request = (url: string, timeoutMs = 2000) => ({
  url,
  body: '{"hello":"world"}',
  headers: { 'content-type': 'application/json', 'x-test': 'yes' },
  timeoutMs,
});

describe('sender', () => {
  it('posts the body and headers to the path and query, and reads status, Retry-After and the first KB', async (t) => {
    let seen: Record<string, string | undefined> | undefined;
    const url = await serve(t, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = {
          method: req.method,
          url: req.url,
          body,
          test: req.headers['x-test'] as string,
          ua: req.headers['user-agent'],
        };
        res.writeHead(503, { 'retry-after': '7' });
        res.end('x'.repeat(3000));
      });
    });
    const result = await sender(t).send(request(url));
    assert.deepEqual(seen, {
      method: 'POST',
      url: '/hook?x=1',
      body: '{"hello":"world"}',
      test: 'yes',
      ua: 'roomhooks',
    });
    assert.equal(result.statusCode, 503);
    assert.equal(result.retryAfter, '7');
    assert.equal(result.response, 'x'.repeat(1024));
    assert.equal(result.error, undefined);
    assert.ok(result.durationMs >= 0);
  });

  it('an empty response body logs as undefined', async (t) => {
    const url = await serve(t, (_req, res) => res.end());
    const result = await sender(t).send(request(url));
    assert.equal(result.statusCode, 200);
    assert.equal(result.response, undefined);
  });

  it('gives up at the deadline when no answer comes, and says so', async (t) => {
    const url = await serve(t, () => {
      /* never answers */
    });
    const started = performance.now();
    const result = await sender(t).send(request(url, 300));
    const elapsed = performance.now() - started;
    assert.equal(result.statusCode, undefined);
    assert.match(result.error ?? '', /^timeout/);
    assert.ok(elapsed >= 290 && elapsed < 2000, `settled after ${elapsed} ms`);
    assert.notEqual(result.local, true, 'a timeout is the endpoint’s, not ours');
  });

  it('the deadline covers a response body that never ends', async (t) => {
    const url = await serve(t, (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await sender(t).send(request(url, 300));
    assert.equal(result.statusCode, undefined);
    assert.match(result.error ?? '', /^timeout/);
  });

  it('stops reading a response past 64 KB and settles with its status and first KB', async (t) => {
    const url = await serve(t, (_req, res) => {
      res.writeHead(200);
      const chunk = 'y'.repeat(16 * 1024);
      // Streams forever: only letting go of the response settles the attempt.
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
    const result = await sender(t).send(request(url, 5000));
    assert.equal(result.statusCode, 200);
    assert.equal(result.response, 'y'.repeat(1024));
    assert.ok(result.durationMs < 4000, `settled after ${result.durationMs} ms`);
  });

  it('a refused connection is an error of the endpoint; a refused address (SSRF guard) is ours', async (t) => {
    const url = await serve(t, (_req, res) => res.end());
    const port = new URL(url).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await sender(t).send(request(`http://127.0.0.1:${deadPort}/`));
    assert.equal(refused.statusCode, undefined);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
    assert.notEqual(refused.local, true);

    const guarded = new Sender();
    t.after(() => guarded.close());
    const blocked = await guarded.send(request(`http://127.0.0.1:${port}/`));
    assert.equal(blocked.local, true);
    assert.equal(blocked.statusCode, undefined);
    assert.match(blocked.error ?? '', /loopback|not allowed|refused/i);
  });

  it('a header value undici refuses settles as an error without throwing', async (t) => {
    const url = await serve(t, (_req, res) => res.end());
    const result = await sender(t).send({ ...request(url), headers: { 'x-bad': 'line\nbreak' } });
    assert.equal(result.statusCode, undefined);
    assert.match(result.error ?? '', /header/i);
  });

  it('an unparsable URL settles as an error without throwing', async (t) => {
    const result = await sender(t).send(request('not a url'));
    assert.equal(result.statusCode, undefined);
    assert.match(result.error ?? '', /Invalid URL/i);
  });
});
