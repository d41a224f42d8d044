/**
 * The `roomhooks` command: finds the verb, runs it, and turns what it throws into a message and an exit code
 * (see {@link ExitCode}). Verbs live one per file; `serve` belongs to the server side and is loaded only when
 * asked for, so the other verbs start fast and never open a database.
 */
import { readFileSync } from 'node:fs';
import { isWebhookError } from '@roomhooks/sdk';
import type { Command } from './command.js';
import { CliFailure, EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';
import { keysCommand } from './keys.js';
import { listenCommand } from './listen.js';
import { Output, processIo, type CliIo } from './output.js';
import { replayCommand } from './replay.js';
import { sendCommand } from './send.js';
import { simulateCommand } from './simulate.js';
import { verifyCommand } from './verify.js';

const serveCommand: Command = {
  name: 'serve',
  summary: 'run the delivery server (API on http://127.0.0.1:7890)',
  help: 'Usage: roomhooks serve [options]   (see `roomhooks serve --help`)',
  async run(argv) {
    // Loaded on demand: it pulls in the whole server (HTTP, store, engine), which the other verbs never need.
    const { serve } = await import('./serve.js');
    return serve(argv);
  },
};

export const COMMANDS: readonly Command[] = [
  serveCommand,
  listenCommand,
  sendCommand,
  simulateCommand,
  replayCommand,
  verifyCommand,
  keysCommand,
];

/** The package version, read from package.json (two levels up from both src/cli and dist/cli). */
function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  const verbs = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n');
  return `roomhooks — durable, signed webhook delivery for real-time rooms

Usage: roomhooks <verb> [options]

Verbs:
${verbs}

Run \`roomhooks <verb> --help\` for a verb's options. Every verb takes --json: one JSON object per line on
stdout, for scripts. Keys come from --api-key/--api-secret, else ROOMHOOKS_KEYS ("key: secret, …"), else
./.roomhooks/dev-keys.json (written by \`roomhooks serve\` without a config); the server URL from --url, else
ROOMHOOKS_URL, else that file, else http://127.0.0.1:7890.

${EXIT_CODES_HELP}`;
}

function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  return flags.includes('--help') || flags.includes('-h');
}

async function dispatch(argv: string[], out: Output): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    const topic = verb === 'help' ? rest[0] : undefined;
    const command = COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && command === undefined) throw new UsageError(`unknown verb "${topic}"`);
    // `serve` prints its own help.
    if (command?.name === 'serve') return command.run(['--help'], out);
    out.say(command?.help ?? mainHelp());
    // A bare `roomhooks` is a usage error too: scripts calling it without a verb have a bug.
    return verb === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (verb === '--version' || verb === '-v') {
    out.say(`roomhooks ${version()}`);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === verb);
  if (command === undefined) {
    const hint = verb.startsWith('-') ? `expected a verb before ${verb}` : `unknown verb "${verb}"`;
    throw new UsageError(`${hint}; verbs: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  if (command.name !== 'serve' && wantsHelp(rest)) {
    out.say(command.help);
    return ExitCode.ok;
  }
  return command.run(rest, out);
}

/**
 * Runs the CLI with `argv` (without node and the script) and resolves to the exit code; never throws.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const out = new Output(io, argv.includes('--json'));
  const verb = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  try {
    return await dispatch(argv, out);
  } catch (err) {
    if (err instanceof UsageError) {
      out.error('usage', err.message);
      const known = COMMANDS.some((c) => c.name === verb);
      out.note(`Run \`roomhooks ${known ? `${verb} ` : ''}--help\` for usage.`);
      return ExitCode.usage;
    }
    if (err instanceof CliFailure || isWebhookError(err)) {
      out.error(err.code, err.message);
      return ExitCode.failed;
    }
    out.error('internal', err instanceof Error ? err.message : String(err));
    if (io.env['ROOMHOOKS_DEBUG'] !== undefined && err instanceof Error && err.stack !== undefined) {
      io.stderr.write(`${err.stack}\n`);
    }
    return ExitCode.failed;
  }
}
