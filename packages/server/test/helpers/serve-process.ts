/**
 * A real `roomhooks serve` in a child process, run from source as the CLI would run it, for end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/cli/serve-main.ts', import.meta.url));
// Absolute, because the child may run in a temp dir where `tsx` would not resolve.
const TSX = import.meta.resolve('tsx');

/** The node arguments that run `serve` with `args` from source. */
export function serveArgv(args: readonly string[]): string[] {
  return ['--conditions=roomhooks-source', '--import', TSX, ENTRY, ...args];
}

export interface ServeProcess {
  child: ChildProcess;
  /** The base URL from the "listening on" banner (port 0 picks a free one). */
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
}

/**
 * Starts `serve` with `args` and resolves once it listens. The environment's ROOMHOOKS_* settings are cleared
 * so the test's config alone decides; `env` adds to that.
 */
export async function launchServe(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; name?: string },
): Promise<ServeProcess> {
  const child = spawn(process.execPath, serveArgv(args), {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ROOMHOOKS_CONFIG: '',
      ROOMHOOKS_KEYS: '',
      ROOMHOOKS_DATABASE_URL: '',
      ...options.env,
    },
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `serve${options.name ? ` ${options.name}` : ''} exited (${code}) before listening:\n${output}`,
        ),
      ),
    );
  });
  return { child, url, output: () => output };
}

/** SIGKILLs the process after the test if it is still running (a failed test must not leave it behind). */
export function killAfter(t: TestContext, child: ChildProcess): void {
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** Sends `signal` and resolves with the exit code. */
export async function stopServe(
  served: ServeProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  const exited = once(served.child, 'exit') as Promise<[number | null]>;
  served.child.kill(signal);
  const [code] = await exited;
  return code;
}
