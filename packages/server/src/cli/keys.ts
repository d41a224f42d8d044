/** `roomhooks keys new`: a fresh API key and secret, LiveKit-shaped. */
import { randomBytes } from 'node:crypto';
import { COMMON_OPTIONS, parseFlags } from './args.js';
import type { Command } from './command.js';
import { EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';

// shortuuid's base57 (LiveKit's key alphabet: no 0, 1, I, O, l) and base62 for secrets.
const BASE57 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` uniform characters of `alphabet`: bytes past the largest multiple of its size are rejected. */
export function randomString(alphabet: string, length: number, random = randomBytes): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** A key pair: `prefix` + 12 base57 characters, and a 43-character base62 secret (≈ 256 bits). */
export function newKeyPair(prefix = 'API'): { apiKey: string; apiSecret: string } {
  return { apiKey: prefix + randomString(BASE57, 12), apiSecret: randomString(BASE62, 43) };
}

const HELP = `Usage: roomhooks keys new [--prefix API] [--json]

Prints a fresh API key (prefix + 12 base57 characters) and a 43-character secret as "key: secret", the form
ROOMHOOKS_KEYS and LIVEKIT_KEYS take. Keep the secret out of logs and version control.

Options:
  --prefix P   key prefix (default API)
  --json       print {"apiKey","apiSecret"}
  -h, --help   show this help

Example:
  export ROOMHOOKS_KEYS="$(roomhooks keys new)"

${EXIT_CODES_HELP}`;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'generate an API key and secret (keys new)',
  help: HELP,
  async run(argv, out) {
    const { values, positionals } = parseFlags({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, prefix: { type: 'string', default: 'API' } },
    });
    const [sub, ...rest] = positionals;
    if (sub !== 'new') {
      throw new UsageError(
        sub === undefined ? 'missing subcommand: keys new' : `unknown subcommand "keys ${sub}"`,
      );
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (!/^[A-Za-z0-9_]{0,16}$/.test(values.prefix)) {
      throw new UsageError('--prefix: up to 16 letters, digits or underscores');
    }
    const pair = newKeyPair(values.prefix);
    out.emit(`${pair.apiKey}: ${pair.apiSecret}`, pair);
    return ExitCode.ok;
  },
};
