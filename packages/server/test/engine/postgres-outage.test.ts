/**
 * A PostgreSQL database that goes away and comes back: the engine reports the errors on `events` 'error',
 * keeps its outcomes, and delivers everything, in order, once the database is back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createNotifier } from 'roomhooks';
import {
  API_KEY,
  API_SECRET,
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  roomEvent,
  sleep,
  startSink,
  waitFor,
} from '../helpers/engine.js';
import { dropSchema, randomSchema, requirePostgres, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

describe('postgres outage', () => {
  it(
    'errors are reported while the database is away, and work resumes when it is back',
    { timeout: 20_000 },
    async (t) => {
      await requirePostgres();
      const target = new URL(TEST_DATABASE_URL);
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const url = new URL(TEST_DATABASE_URL);
      url.port = String(proxy.port);
      const schema = randomSchema();
      const sink = await startSink(t, () => ({ status: 200, delayMs: 5 }));
      const notifier = await createNotifier({
        store: { postgres: url.href, schema, pool: { max: 3 } },
        keys: { [API_KEY]: API_SECRET },
        network: { allowLoopback: true },
        pollIntervalMs: 50,
        closeTimeoutMs: 2_000,
        endpoints: [{ id: 'ep', url: sink.url() }],
      });
      t.after(async () => {
        await proxy.up();
        await notifier.close();
        await proxy.down();
        await dropSchema(schema);
      });
      const errors: Error[] = [];
      notifier.events.on('error', (err) => errors.push(err));

      await notifier.publish([roomEvent('a', 0), roomEvent('a', 1)]);
      await waitFor('first events delivered', () => acceptedIds(sink).size === 2);

      await proxy.down();
      await assert.rejects(
        notifier.publish(roomEvent('a', 2)),
        { name: 'RoomhooksError', code: 'store_unavailable' },
        'a publish fails, as retryable, while the database is away',
      );
      await waitFor('the outage reported on events', () => errors.length > 0);
      await sleep(200);

      await proxy.up();
      await waitFor(
        'a publish succeeds again',
        async () => {
          try {
            await notifier.publish([roomEvent('a', 2), roomEvent('a', 3)]);
            return true;
          } catch {
            return false;
          }
        },
        5_000,
      );
      await waitFor('everything delivered after the outage', () => acceptedIds(sink).size === 4, 5_000);
      assert.deepEqual(collapseRepeats(idsByRoom(sink.requests).get('a') ?? []), [
        'a-0',
        'a-1',
        'a-2',
        'a-3',
      ]);
    },
  );
});
