#!/usr/bin/env node
// The `roomhooks` command. A published package ships `dist/`, which is imported directly. In the repo there is
// no build step: the CLI runs from `src/` through tsx, in a child node that resolves workspace packages to their
// sources (`--conditions=roomhooks-source`). A child process, not `module.register`, because export conditions
// can only be set when node starts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);

if (existsSync(fileURLToPath(built))) {
  const { main } = await import(built.href);
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  // As src/cli/run.ts: a finished command exits even if an idle socket or timer lingers.
  setTimeout(() => process.exit(code), 500).unref();
} else {
  const source = fileURLToPath(new URL('../src/cli/run.ts', import.meta.url));
  // Resolved from this file, not from the caller's directory, so `roomhooks` works from anywhere.
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error(
      'roomhooks: there is no dist/ build and tsx is not installed; run `npm run build -w roomhooks`',
    );
    process.exit(1);
  }
  const child = spawn(
    process.execPath,
    ['--conditions=roomhooks-source', '--import', tsx, source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // The child owns the terminal: a Ctrl-C reaches it through the process group, and a signal sent to this
  // process alone (e.g. `kill`) is passed on, so the child can shut down cleanly either way.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      // Die of the same signal, so shells and supervisors see what happened.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}
