/** Entry point when the CLI runs from source (see bin/roomhooks.mjs): run `main` and exit with its code. */
import { main } from './main.js';

// A Ctrl-C can arrive twice (from the terminal and relayed by bin/roomhooks.mjs). Verbs that shut down
// gracefully (listen, simulate) listen for it themselves; for the others, this ends the process as usual.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Idle keep-alive sockets or a lingering timer must not keep a finished command alive; the grace period lets
// stdout drain where writes are asynchronous (pipes on macOS).
setTimeout(() => process.exit(code), 500).unref();
