import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../src/client/', import.meta.url));

test('the client imports no Node built-in, no package, and outside itself only types', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const match of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
      const [, , typeOnly, specifier] = match;
      assert.ok(specifier!.startsWith('./') || specifier!.startsWith('../'), `${file}: imports ${specifier}`);
      if (!specifier!.startsWith('./')) assert.ok(typeOnly, `${file}: value import of ${specifier}`);
    }
  }
});

test('package.json exports ./client like the adapters', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, Record<string, string>>;
  };
  assert.deepEqual(pkg.exports['./client'], {
    'roomhooks-source': './src/client/index.ts',
    types: './dist/client/index.d.ts',
    default: './dist/client/index.js',
  });
});
