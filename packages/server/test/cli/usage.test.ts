import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './run-cli.js';

const VERBS = ['listen', 'send', 'simulate', 'replay', 'verify', 'keys'];

describe('roomhooks: help and usage errors', () => {
  it('--help lists every verb and the exit codes, exit 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const verb of ['serve', ...VERBS]) assert.match(stdout, new RegExp(`^  ${verb} `, 'm'));
    assert.match(stdout, /Exit codes:[\s\S]*3 {2}verification failed/);
  });

  for (const verb of VERBS) {
    it(`${verb} --help shows its usage, exit 0`, async () => {
      const { code, stdout } = await runCli([verb, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`^Usage: roomhooks ${verb}`));
      assert.match(stdout, /Exit codes:/);
    });
  }

  it('serve --help is handed to the serve verb', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: roomhooks serve/);
  });

  it('`help <verb>` is the same as `<verb> --help`', async () => {
    const [a, b] = await Promise.all([runCli(['help', 'verify']), runCli(['verify', '-h'])]);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
  });

  it('an unknown verb is a usage error, exit 2, naming the verbs', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown verb "frobnicate"; verbs: serve, listen, send/);
  });

  it('an unknown flag is a usage error, exit 2, pointing at the verb help', async () => {
    const { code, stderr } = await runCli(['simulate', '--dry-run', '--roms', '3']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown flag '--roms'/);
    assert.match(stderr, /roomhooks simulate --help/);
  });

  it('with --json a usage error is a JSON object on stdout', async () => {
    const { code, stdout } = await runCli(['send', 'no_such_event', '--json']);
    assert.equal(code, 2);
    const error = JSON.parse(stdout) as { error: { code: string; message: string } };
    assert.equal(error.error.code, 'usage');
    assert.match(error.error.message, /unknown event "no_such_event"/);
  });

  it('a bad value names the flag', async () => {
    const { code, stderr } = await runCli(['simulate', '--dry-run', '--duration', 'soon']);
    assert.equal(code, 2);
    assert.match(stderr, /--duration: expected a duration/);
  });
});
