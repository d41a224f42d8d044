/**
 * An engine in a child process, for crash tests. Usage:
 *   node --conditions=roomhooks-source --import tsx engine-process.ts <db> <sinkUrl> <publish|resume> <rooms> <perRoom>
 * `publish` stores `perRoom` events for each of `rooms` rooms (ids `room<r>-<n>`), then prints `ready`; `resume`
 * only starts the engine on the file (delivering what is left) and prints `ready`. SIGTERM closes it cleanly.
 */
import { createNotifier } from 'roomhooks';
import { API_KEY, API_SECRET, interleavedEvents } from './engine.js';

const [db, url, mode, rooms, perRoom] = process.argv.slice(2);
if (db === undefined || url === undefined || (mode !== 'publish' && mode !== 'resume')) {
  console.error('usage: engine-process.ts <db> <sinkUrl> <publish|resume> <rooms> <perRoom>');
  process.exit(2);
}

const notifier = await createNotifier({
  store: { sqlite: db },
  keys: { [API_KEY]: API_SECRET },
  network: { allowLoopback: true },
  pollIntervalMs: 50,
  endpoints: [{ id: 'ep', url, retry: { schedule: [0, 20, 50, 100, 100, 100, 100, 100] } }],
});
const keepAlive = setInterval(() => {}, 60_000);
process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  void notifier.close().then(() => process.exit(0));
});

if (mode === 'publish') {
  const names = Array.from({ length: Number(rooms) }, (_, r) => `room${r}`);
  await notifier.publish(interleavedEvents(names, Number(perRoom)));
}
process.stdout.write('ready\n');
