/**
 * An engine in a child process, for crash tests. Usage:
 *   node --conditions=roomhooks-source --import tsx engine-process.ts <db> <sinkUrl> <publish|resume> <rooms> <perRoom>
 * `publish` stores `perRoom` events for each of `rooms` rooms (ids `room<r>-<n>`), then prints `ready`; `resume`
 * only starts the engine on the file (delivering what is left) and prints `ready`. SIGTERM closes it cleanly.
 * `<db>` may be `postgres://…#<schema>`: the engine then uses that PostgreSQL schema, with short leases (2.3 s)
 * so that another process takes a killed one's deliveries over quickly.
 */
import { createNotifier } from 'roomhooks';
import { API_KEY, API_SECRET, interleavedEvents } from './engine.js';

const [db, url, mode, rooms, perRoom] = process.argv.slice(2);
if (db === undefined || url === undefined || (mode !== 'publish' && mode !== 'resume')) {
  console.error('usage: engine-process.ts <db> <sinkUrl> <publish|resume> <rooms> <perRoom>');
  process.exit(2);
}

const postgres = db.startsWith('postgres://') ? new URL(db) : undefined;
const notifier = await createNotifier({
  store: postgres
    ? { postgres: postgres.href.replace(/#.*$/, ''), schema: postgres.hash.slice(1), pool: { max: 4 } }
    : { sqlite: db },
  ...(postgres ? { leaseMarginMs: 300 } : {}),
  keys: { [API_KEY]: API_SECRET },
  network: { allowLoopback: true },
  pollIntervalMs: 50,
  endpoints: [
    {
      id: 'ep',
      url,
      retry: { schedule: [0, 20, 50, 100, 100, 100, 100, 100] },
      ...(postgres ? { timeoutMs: 2_000 } : {}),
    },
  ],
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
