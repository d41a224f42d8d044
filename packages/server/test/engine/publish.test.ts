import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleWebhookEvent } from '@roomhooks/sdk';
import { RoomhooksError, type PublishableEvent } from 'roomhooks';
import {
  FAST_RETRY,
  acceptedIds,
  livekitEvent,
  roomEvent,
  sleep,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';

function withRoom(event: PublishableEvent, fields: Record<string, unknown>): unknown {
  return { ...event, room: { ...event.room, ...fields } };
}

const isInvalidEvent = (err: unknown): boolean =>
  err instanceof RoomhooksError && err.code === 'invalid_event';

describe('event filters (LiveKit rule: a non-empty include wins, else exclude applies)', () => {
  it('routes each event only to the endpoints whose filter passes it', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [
        {
          id: 'include-wins',
          url: sink.url('/include'),
          events: { include: ['room_started', 'room_finished'], exclude: ['room_started'] },
          retry: FAST_RETRY,
        },
        {
          id: 'exclude',
          url: sink.url('/exclude'),
          events: { exclude: ['participant_joined'] },
          retry: FAST_RETRY,
        },
        { id: 'empty', url: sink.url('/empty'), events: { include: [], exclude: [] }, retry: FAST_RETRY },
      ],
    });
    const names = ['room_started', 'participant_joined', 'track_published', 'room_finished'] as const;
    await notifier.publish(names.map((name) => sampleWebhookEvent(name, { room: 'filters' })));

    await waitFor('2 + 3 + 4 requests', () => sink.accepted.length === 9);
    await sleep(100);
    const received = (path: string): string[] =>
      sink.requests.filter((r) => r.path === path).map((r) => livekitEvent(r).event);
    assert.deepEqual(received('/include'), ['room_started', 'room_finished']);
    assert.deepEqual(received('/exclude'), ['room_started', 'track_published', 'room_finished']);
    assert.deepEqual(received('/empty'), [...names]);
    // A filtered-out event leaves no delivery row at all.
    const rows = await notifier.store.listDeliveries({ endpointId: 'exclude' });
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.eventName !== 'participant_joined'));
  });
});

describe('idempotent publish', () => {
  it('delivers an id published twice once, and reports the repeat as a duplicate', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const event = roomEvent('dup', 0);

    const first = await notifier.publishDetailed(event);
    assert.deepEqual(first, { ids: ['dup-0'], duplicates: [] });
    const second = await notifier.publishDetailed([event, roomEvent('dup', 1)]);
    assert.deepEqual(second, { ids: ['dup-0', 'dup-1'], duplicates: ['dup-0'] });
    const sameBatch = await notifier.publishDetailed([roomEvent('dup', 2), roomEvent('dup', 2)]);
    assert.deepEqual(sameBatch, { ids: ['dup-2', 'dup-2'], duplicates: ['dup-2'] });

    await waitFor('three events accepted', () => acceptedIds(sink).size === 3);
    await sleep(100);
    assert.deepEqual(
      sink.requests.map((r) => livekitEvent(r).id),
      ['dup-0', 'dup-1', 'dup-2'],
    );
    assert.equal((await notifier.store.stats()).events, 3);
  });

  it('fills in an id and createdAt when the event has none', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const { id: _id, createdAt: _createdAt, ...bare } = roomEvent('anon', 0);
    const before = Math.floor(Date.now() / 1000);
    const [id] = await notifier.publish(bare);

    assert.match(id!, /^EV_\w{12}$/);
    await waitFor('accepted', () => sink.accepted.length === 1);
    const body = JSON.parse(sink.requests[0]!.body) as { id: string; createdAt: string };
    assert.equal(body.id, id);
    assert.ok(Number(body.createdAt) >= before && Number(body.createdAt) <= before + 5);
  });
});

describe('invalid events', () => {
  const good = roomEvent('valid', 0);
  const cases: [string, unknown][] = [
    ['an unknown event name', { ...roomEvent('bad', 1), event: 'room_exploded' }],
    ['a field of the wrong type', { ...roomEvent('bad', 2), room: { name: 42 } }],
    ['a numeric field given as text', withRoom(roomEvent('bad', 3), { numParticipants: 'many' })],
    [
      'a missing payload (participant_joined without a participant)',
      { ...roomEvent('bad', 5), participant: undefined },
    ],
    ['an empty id', { ...roomEvent('bad', 4), id: '' }],
    ['not an object', 'room_started'],
  ];

  for (const [what, bad] of cases) {
    it(`rejects ${what} with invalid_event, and a batch holding it stores nothing`, async (t) => {
      const sink = await startSink(t);
      const notifier = await startNotifier(t, {
        endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
      });

      await assert.rejects(notifier.publish(bad as PublishableEvent), isInvalidEvent);
      await assert.rejects(
        notifier.publish([good, bad as PublishableEvent, roomEvent('valid', 1)]),
        (err: unknown) => {
          assert.ok(isInvalidEvent(err));
          assert.match((err as Error).message, /^events\[1\]/, 'the message names the bad event');
          return true;
        },
      );

      await sleep(100);
      assert.equal((await notifier.store.stats()).events, 0);
      assert.deepEqual(await notifier.store.listDeliveries({}), []);
      assert.equal(sink.requests.length, 0);
    });
  }

  it('still accepts the good events once the bad one is gone', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    await assert.rejects(
      notifier.publish([good, { ...good, id: 'x', event: 'nope' } as unknown as PublishableEvent]),
      isInvalidEvent,
    );
    await notifier.publish([good]);
    await waitFor('accepted', () => sink.accepted.length === 1);
    assert.equal(livekitEvent(sink.requests[0]!).id, good.id);
  });
});
