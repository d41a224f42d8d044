import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKeyPairs } from '@roomhooks/sdk';
import { runCli } from './run-cli.js';

const BASE57 = '[2-9A-HJ-NP-Za-km-z]';

describe('roomhooks keys new', () => {
  it('prints "key: secret": API + 12 base57 characters and a 43-character secret', async () => {
    const { code, stdout } = await runCli(['keys', 'new']);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^API${BASE57}{12}: [0-9A-Za-z]{43}\\n$`));
    // The output is ROOMHOOKS_KEYS-ready.
    assert.equal(parseKeyPairs(stdout).size, 1);
  });

  it('--prefix and --json', async () => {
    const { code, stdout } = await runCli(['keys', 'new', '--prefix', 'LK', '--json']);
    assert.equal(code, 0);
    const pair = JSON.parse(stdout) as { apiKey: string; apiSecret: string };
    assert.match(pair.apiKey, new RegExp(`^LK${BASE57}{12}$`));
    assert.match(pair.apiSecret, /^[0-9A-Za-z]{43}$/);
  });

  it('fresh every time', async () => {
    const [a, b] = await Promise.all([runCli(['keys', 'new']), runCli(['keys', 'new'])]);
    assert.notEqual(a.stdout, b.stdout);
  });

  it('`keys` without `new` is a usage error', async () => {
    const { code, stderr } = await runCli(['keys']);
    assert.equal(code, 2);
    assert.match(stderr, /missing subcommand: keys new/);
  });
});
