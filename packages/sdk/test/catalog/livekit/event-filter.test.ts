import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesEventFilter } from '../../../src/catalog/livekit/index.js';

test('no filter, or an empty one, passes everything', () => {
  assert.equal(matchesEventFilter('room_started'), true);
  assert.equal(matchesEventFilter('room_started', {}), true);
  assert.equal(matchesEventFilter('room_started', { include: [], exclude: [] }), true);
});

test('a non-empty include list wins: only listed names pass, exclude is ignored', () => {
  const filter = { include: ['room_started'], exclude: ['room_started', 'room_finished'] };
  assert.equal(matchesEventFilter('room_started', filter), true);
  assert.equal(matchesEventFilter('room_finished', filter), false);
  assert.equal(matchesEventFilter('participant_joined', filter), false);
});

test('an empty include list lets exclude apply', () => {
  const filter = { include: [], exclude: ['track_published'] };
  assert.equal(matchesEventFilter('track_published', filter), false);
  assert.equal(matchesEventFilter('track_unpublished', filter), true);
  assert.equal(matchesEventFilter('track_published', { exclude: ['track_published'] }), false);
});
