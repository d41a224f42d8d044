import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openApiDocument } from '../../src/http/openapi.js';
import { createHttpServer } from '../../src/http/server.js';
import { startNotifier } from '../helpers/engine.js';
import { API_KEY, API_SECRET } from './helpers.js';

describe('GET /openapi.json', () => {
  it('documents every registered route, and nothing that is not one', async (t) => {
    const notifier = await startNotifier(t);
    const { app, routes } = await createHttpServer({ notifier, keys: { [API_KEY]: API_SECRET } });
    t.after(() => app.close());
    await app.ready();
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    const registered = routes
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = Object.entries(paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    assert.ok(registered.length >= 20);
    assert.deepEqual(documented, registered);

    const served = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(served.statusCode, 200);
    const doc = JSON.parse(served.body) as { openapi: string; paths: object };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths), Object.keys(paths));
  });
});
