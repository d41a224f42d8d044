import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseInteger, parseTime } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { Output, type CliIo } from '../../src/cli/output.js';
import { formatSpan, relative } from '../../src/cli/token-report.js';
import { runCli } from './run-cli.js';

function memoryIo(
  env: Record<string, string> = {},
  tty = false,
): CliIo & { text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return {
    text,
    stdout: { write: (t: string) => (text.out += t), isTTY: tty },
    stderr: { write: (t: string) => (text.err += t), isTTY: tty },
    env,
    cwd: '/',
  };
}

describe('CLI value parsing', () => {
  it('durations: units, combinations, bare seconds', () => {
    assert.equal(parseDuration('--d', '1500ms'), 1500);
    assert.equal(parseDuration('--d', '60s'), 60_000);
    assert.equal(parseDuration('--d', '1h30m'), 5_400_000);
    assert.equal(parseDuration('--d', '2d'), 172_800_000);
    assert.equal(parseDuration('--d', '90'), 90_000);
    for (const bad of ['', 'soon', '5 m', '1h and', '-3s']) {
      assert.throws(() => parseDuration('--d', bad), UsageError, bad);
    }
  });

  it('times: a duration ago, ISO, or Unix seconds', () => {
    const now = 1_739_900_000_000;
    assert.equal(parseTime('--since', '1h', now), now - 3_600_000);
    assert.equal(parseTime('--since', '2025-02-18T17:33:20Z', now), 1_739_900_000_000);
    assert.equal(parseTime('--since', '1739900000', now), 1_739_900_000_000);
    assert.throws(() => parseTime('--since', 'yesterday', now), /--since: expected a duration ago/);
  });

  it('integers within bounds', () => {
    assert.equal(parseInteger('--rooms', '3', 1), 3);
    assert.throws(() => parseInteger('--rooms', '0', 1), /from 1 to/);
    assert.throws(() => parseInteger('--rooms', '2.5', 1), UsageError);
  });

  it('spans for people', () => {
    assert.equal(formatSpan(42), '42s');
    assert.equal(formatSpan(3661), '1h 1m');
    assert.equal(formatSpan(90_000), '1d 1h');
    assert.equal(relative(100, 40), 'in 1m');
    assert.equal(relative(40, 100), '1m ago');
  });
});

describe('CLI output', () => {
  it('--json: records only, one per line; errors as { error: { code, message } } on stdout', () => {
    const io = memoryIo();
    const out = new Output(io, true);
    out.say('for people');
    out.note('also for people');
    out.emit('human', { a: 1 });
    out.error('boom', 'it broke');
    assert.equal(io.text.out, '{"a":1}\n{"error":{"code":"boom","message":"it broke"}}\n');
    assert.equal(io.text.err, '');
  });

  it('human mode: lines on stdout, errors and notes on stderr, no colour off a terminal', () => {
    const io = memoryIo();
    const out = new Output(io, false);
    out.emit('human', { a: 1 });
    out.error('boom', 'it broke');
    assert.equal(io.text.out, 'human\n');
    assert.equal(io.text.err, 'error it broke (boom)\n');
    assert.equal(out.paint('red', 'x'), 'x');
  });

  it('a progress bar only on a terminal, and never with --json', () => {
    const tty = memoryIo({}, true);
    new Output(tty, false).progress(5, 10, 'events');
    assert.match(tty.text.err, /5\/10 events/);
    const piped = memoryIo({}, false);
    new Output(piped, false).progress(5, 10, 'events');
    const json = memoryIo({}, true);
    new Output(json, true).progress(5, 10, 'events');
    assert.equal(piped.text.err + json.text.err, '');
  });

  it('colour follows FORCE_COLOR and NO_COLOR (the real process)', async () => {
    const args = ['verify', '--body', '-', '--auth', 'x.y.z'];
    const forced = await runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\x1b\[/);
    const plain = await runCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    assert.equal(plain.code, 3);
  });
});
