/**
 * The causal rules a simulated stream must keep, per room, as one assertion shared by the generator's tests and
 * the CLI's: the room starts first and finishes last, a participant joins before its tracks and its leave,
 * tracks are published before they are unpublished, and recordings and streams start before they end.
 */
import assert from 'node:assert/strict';
import type { LooseWebhookEvent } from '@roomhooks/sdk';

function roomOf(e: LooseWebhookEvent): string {
  const name = e.room?.name ?? e.egressInfo?.roomName ?? e.ingressInfo?.roomName;
  assert.ok(name, `event ${e.id} has no room`);
  return name;
}

export function groupByRoom(events: readonly LooseWebhookEvent[]): Map<string, LooseWebhookEvent[]> {
  const rooms = new Map<string, LooseWebhookEvent[]>();
  for (const e of events) {
    const name = roomOf(e);
    rooms.set(name, [...(rooms.get(name) ?? []), e]);
  }
  return rooms;
}

export function assertCausalOrder(events: readonly LooseWebhookEvent[]): void {
  for (const [room, list] of groupByRoom(events)) {
    const where = (i: number): string => `room ${room}, event ${i} (${list[i]!.event} ${list[i]!.id})`;
    assert.equal(list[0]!.event, 'room_started', `room ${room} does not start with room_started`);
    assert.equal(list.at(-1)!.event, 'room_finished', `room ${room} does not end with room_finished`);
    assert.equal(list.filter((e) => e.event === 'room_started').length, 1);
    assert.equal(list.filter((e) => e.event === 'room_finished').length, 1);

    const joined = new Set<string>();
    const gone = new Set<string>();
    const liveTracks = new Map<string, string>(); // track sid → identity
    const egress = new Map<string, string>(); // egress id → last event
    const ingress = new Map<string, string>();
    let lastCreatedAt = 0;
    list.forEach((e, i) => {
      const createdAt = Number(e.createdAt);
      assert.ok(createdAt >= lastCreatedAt, `${where(i)}: createdAt goes back in time`);
      lastCreatedAt = createdAt;
      const who = e.participant?.identity ?? '';
      switch (e.event) {
        case 'participant_joined':
          assert.ok(!joined.has(who) && !gone.has(who), `${where(i)}: ${who} joins twice`);
          joined.add(who);
          break;
        case 'participant_connection_aborted':
          assert.ok(!joined.has(who) && !gone.has(who), `${where(i)}: ${who} aborts after joining`);
          gone.add(who);
          break;
        case 'track_published':
          assert.ok(joined.has(who), `${where(i)}: ${who} publishes before joining or after leaving`);
          liveTracks.set(e.track!.sid!, who);
          break;
        case 'track_unpublished':
          assert.equal(
            liveTracks.get(e.track!.sid!),
            who,
            `${where(i)}: unpublishes a track never published`,
          );
          liveTracks.delete(e.track!.sid!);
          break;
        case 'participant_left':
          assert.ok(joined.has(who), `${where(i)}: ${who} leaves without having joined`);
          assert.ok(
            ![...liveTracks.values()].includes(who),
            `${where(i)}: ${who} leaves with tracks still up`,
          );
          joined.delete(who);
          gone.add(who);
          break;
        case 'egress_started':
        case 'egress_updated':
        case 'egress_ended': {
          const id = e.egressInfo!.egressId!;
          const before = egress.get(id);
          const allowed: ReadonlyArray<string | undefined> = {
            egress_started: [undefined],
            egress_updated: ['egress_started'],
            egress_ended: ['egress_started', 'egress_updated'],
          }[e.event];
          assert.ok(allowed.includes(before), `${where(i)}: ${e.event} after ${before ?? 'nothing'}`);
          egress.set(id, e.event);
          break;
        }
        case 'ingress_started':
        case 'ingress_ended': {
          const id = e.ingressInfo!.ingressId!;
          const expected = e.event === 'ingress_started' ? undefined : 'ingress_started';
          assert.equal(ingress.get(id), expected, `${where(i)}: ${e.event} out of order`);
          ingress.set(id, e.event);
          break;
        }
        default:
          break;
      }
    });
    assert.equal(joined.size, 0, `room ${room} finishes with ${[...joined].join(', ')} still in it`);
    assert.equal(liveTracks.size, 0, `room ${room} finishes with tracks still published`);
    for (const [id, last] of egress) assert.equal(last, 'egress_ended', `egress ${id} never ends`);
    for (const [id, last] of ingress) assert.equal(last, 'ingress_ended', `ingress ${id} never ends`);
  }
}
