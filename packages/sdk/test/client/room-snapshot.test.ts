import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyRoomChange,
  diffRoomSnapshots,
  formatRoomStreamMessage,
  parseRoomStreamMessage,
  roomStreamPath,
  type RoomChange,
} from '../../src/client/index.js';
import { SCRIPT, states } from './script.js';

test('applyRoomChange never modifies its input and shares what did not change', () => {
  const all = states();
  const frozen = JSON.stringify(all[2]);
  const next = applyRoomChange(all[2]!, SCRIPT.changes[2]!);
  assert.equal(JSON.stringify(all[2]), frozen);
  assert.notEqual(next, all[2]);
  assert.equal(next.participants['alice'], all[2]!.participants['alice']); // a change about bob
});

test('a change about an unknown participant or track is ignored', () => {
  const room = states()[2]!;
  const change: RoomChange = { type: 'TrackMuted', identity: 'nobody', trackSid: 'TR_x' };
  assert.equal(applyRoomChange(room, change), room);
});

test('diffRoomSnapshots(a, b) folded over a gives b, for every pair of script states', () => {
  const all = states();
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < all.length; j++) {
      const changes = diffRoomSnapshots(all[i]!, all[j]!);
      const folded = changes.reduce(applyRoomChange, all[i]!);
      assert.deepEqual(folded, all[j], `${i} → ${j}`);
      if (i === j) assert.deepEqual(changes, []);
    }
  }
});

test('stream messages format as SSE and parse back', () => {
  const change: RoomChange = { type: 'TrackMuted', identity: 'a', trackSid: 'TR_1' };
  const text = formatRoomStreamMessage({ type: 'change', seq: 7, change });
  assert.equal(text, `event: change\nid: 7\ndata: {"seq":7,"change":${JSON.stringify(change)}}\n\n`);
  assert.deepEqual(parseRoomStreamMessage('change', text.split('data: ')[1]!.trim()), {
    type: 'change',
    seq: 7,
    change,
  });
  assert.equal(parseRoomStreamMessage('future-message', '{}'), undefined);
  assert.throws(() => parseRoomStreamMessage('change', '{"seq":"x"}'), TypeError);
  assert.equal(roomStreamPath('demo room'), '/v1/rooms/demo%20room/stream');
});
