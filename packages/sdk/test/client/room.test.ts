import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import {
  connectRoom,
  formatRoomStreamMessage,
  RoomConnectError,
  type Room,
  type RoomEventMap,
  type RoomStreamMessage,
} from '../../src/client/index.js';
import { SCRIPT, states } from './script.js';

const TOKEN = 'test-token';
const ALL = states();

interface Request {
  since: string | null;
  lastEventId: string | undefined;
  authorization: string | undefined;
}

/** A real SSE server: each connection is handed to the next scripted handler. */
async function sseServer(
  handlers: Array<(res: ServerResponse, req: Request) => void>,
): Promise<{ url: string; requests: Request[]; server: Server }> {
  const requests: Request[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const request: Request = {
      since: url.searchParams.get('since'),
      lastEventId: req.headers['last-event-id'] as string | undefined,
      authorization: req.headers.authorization,
    };
    requests.push(request);
    if (request.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    const handler = handlers.shift();
    if (handler === undefined) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    handler(res, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${port}/v1/rooms/standup/stream`, requests, server };
}

const send = (res: ServerResponse, message: RoomStreamMessage): void => {
  res.write(formatRoomStreamMessage(message));
};
const snapshot = (seq: number): RoomStreamMessage => ({ type: 'snapshot', seq, room: ALL[seq]! });
const change = (seq: number): RoomStreamMessage => ({
  type: 'change',
  seq,
  change: SCRIPT.changes[seq - 1]!,
});

const ROOM_EVENTS: Array<keyof RoomEventMap> = [
  'ParticipantConnected',
  'ParticipantDisconnected',
  'Reconnecting',
  'Reconnected',
  'Disconnected',
  'TrackPublished',
  'TrackUnpublished',
  'TrackMuted',
  'TrackUnmuted',
  'ActiveSpeakersChanged',
  'ConnectionQualityChanged',
  'ParticipantAttributesChanged',
  'ParticipantMetadataChanged',
  'RoomMetadataChanged',
  'DataReceived',
  'TrackStreamStateChanged',
  'TrackSubscriptionPermissionChanged',
  'ParticipantPermissionsChanged',
];

/** Records every room event as `Name` or `Name:identity`. */
function record(room: Room): string[] {
  const log: string[] = [];
  for (const name of ROOM_EVENTS) {
    room.on(name, (...args: unknown[]) => {
      const p = args.find(
        (a): a is { identity: string } => typeof a === 'object' && a !== null && 'identity' in a,
      );
      log.push(p === undefined || name === 'ActiveSpeakersChanged' ? name : `${name}:${p.identity}`);
    });
  }
  return log;
}

function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

const FAST = { backoff: { initialMs: 5, maxMs: 20 }, random: () => 1 };

describe('connectRoom against a real SSE server', () => {
  it('plays snapshot + changes, survives a dropped connection, resumes from the last seq', async () => {
    const { url, requests } = await sseServer([
      (res) => {
        res.write(': keep-alive\n\n');
        send(res, snapshot(2));
        for (let seq = 3; seq <= 6; seq++) send(res, change(seq));
        // Half of change 7, then the connection dies.
        res.write(formatRoomStreamMessage(change(7)).slice(0, 25));
        setTimeout(() => res.socket?.destroy(), 20);
      },
      (res) => {
        // Resuming overlaps by two changes (5 and 6): they must not be applied twice.
        for (let seq = 5; seq <= SCRIPT.last; seq++) send(res, change(seq));
      },
    ]);
    const room = await connectRoom(url, TOKEN, FAST);
    assert.equal(room.state, 'connected');
    assert.equal(room.seq, 2);
    assert.deepEqual([...room.participants.keys()], ['alice']);
    const alice = room.participants.get('alice')!;
    const aliceLog: string[] = [];
    alice.on('TrackMuted', (t) => aliceLog.push(`TrackMuted:${t.sid}`));
    alice.on('TrackUnmuted', (t) => aliceLog.push(`TrackUnmuted:${t.sid}`));
    alice.on('IsSpeakingChanged', (speaking) => aliceLog.push(`IsSpeakingChanged:${speaking}`));
    alice.on('DataReceived', (payload, kind, topic) =>
      aliceLog.push(`DataReceived:${new TextDecoder().decode(payload)}:${kind}:${topic}`),
    );
    const log = record(room);
    let notified = 0;
    const unsubscribe = room.subscribe(() => notified++);

    await until(() => room.seq === SCRIPT.last);
    assert.deepEqual(log, [
      'ParticipantConnected:bob',
      'TrackPublished:bob',
      'TrackMuted:alice',
      'Reconnecting',
      'Reconnected',
      'ActiveSpeakersChanged',
      'ConnectionQualityChanged:bob',
      'ParticipantMetadataChanged:bob',
      'ParticipantAttributesChanged:bob',
      'RoomMetadataChanged',
      'DataReceived:alice',
      'TrackStreamStateChanged:bob',
      'TrackSubscriptionPermissionChanged:bob',
      'ParticipantPermissionsChanged:bob',
      'TrackUnmuted:alice',
      'TrackUnpublished:bob',
      'ParticipantDisconnected:bob',
    ]);
    assert.deepEqual(aliceLog, [
      'TrackMuted:TR_a1',
      'IsSpeakingChanged:true',
      'DataReceived:hi:RELIABLE:chat',
      'TrackUnmuted:TR_a1',
    ]);
    // Every change once: 16 streamed changes, one notification each.
    assert.equal(notified, SCRIPT.last - 2);
    assert.deepEqual(room.getSnapshot(), ALL[SCRIPT.last]);
    assert.equal(room.getSnapshot(), room.getSnapshot());
    assert.equal(room.metadata, '{"topic":"x"}');
    assert.equal(alice.isSpeaking, true);
    assert.deepEqual(room.activeSpeakers, [alice]);
    assert.equal(room.participants.get('alice'), alice, 'the same object while connected');
    // The resume asked for changes after 6, by query and by Last-Event-ID, with the token.
    assert.deepEqual(requests, [
      { since: null, lastEventId: undefined, authorization: `Bearer ${TOKEN}` },
      { since: '6', lastEventId: '6', authorization: `Bearer ${TOKEN}` },
    ]);
    unsubscribe();
    const disconnected: string[] = [];
    room.on('Disconnected', (reason) => disconnected.push(reason));
    room.disconnect();
    assert.deepEqual(disconnected, ['client_initiated']);
    assert.equal(room.state, 'disconnected');
  });

  it('a reset after falling too far behind is diffed into events; the state is the server’s', async () => {
    const { url, requests } = await sseServer([
      (res) => {
        send(res, snapshot(2));
        send(res, change(3));
        send(res, change(4));
        res.end(); // a clean end: reconnect too
      },
      (res) => {
        send(res, { type: 'reset', seq: 10, room: ALL[10]!, reason: 'too_far_behind' });
        for (let seq = 11; seq <= SCRIPT.last; seq++) send(res, change(seq));
      },
    ]);
    const room = await connectRoom(url, TOKEN, FAST);
    const log = record(room);
    await until(() => room.seq === SCRIPT.last);
    assert.equal(requests[1]?.since, '4');
    assert.deepEqual(room.getSnapshot(), ALL[SCRIPT.last]);
    const [beforeReset, afterReset] = [log.slice(0, 2), log.slice(2)];
    assert.deepEqual(beforeReset, ['ParticipantConnected:bob', 'TrackPublished:bob']);
    // Changes 5…10 arrive as a diff (its own order), then 11… as streamed.
    const diffed = afterReset.slice(0, afterReset.indexOf('RoomMetadataChanged'));
    assert.deepEqual(diffed.sort(), [
      'ActiveSpeakersChanged',
      'ConnectionQualityChanged:bob',
      'ParticipantAttributesChanged:bob',
      'ParticipantMetadataChanged:bob',
      'Reconnected',
      'Reconnecting',
      'TrackMuted:alice',
    ]);
    room.disconnect();
  });

  it('RoomFinished ends the room: participants disconnect, Disconnected(room_finished), no reconnect', async () => {
    const { url, requests } = await sseServer([
      (res) => {
        send(res, snapshot(4));
        send(res, { type: 'change', seq: 5, change: { type: 'RoomFinished', finishedAt: 1, reason: 'X' } });
      },
    ]);
    const room = await connectRoom(url, TOKEN, FAST);
    const log = record(room);
    await until(() => room.state === 'disconnected');
    assert.deepEqual(log.sort(), [
      'Disconnected',
      'ParticipantDisconnected:alice',
      'ParticipantDisconnected:bob',
      'TrackUnpublished:alice',
      'TrackUnpublished:bob',
    ]);
    assert.equal(room.participants.size, 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(requests.length, 1);
  });

  it('a gap in the seqs makes the client reconnect from the last change it applied', async () => {
    const { url, requests } = await sseServer([
      (res) => {
        send(res, snapshot(2));
        send(res, change(3));
        send(res, change(5)); // 4 is missing
        send(res, change(6));
      },
      (res) => {
        for (let seq = 4; seq <= SCRIPT.last; seq++) send(res, change(seq));
      },
    ]);
    const room = await connectRoom(url, TOKEN, FAST);
    await until(() => room.seq === SCRIPT.last);
    assert.equal(requests[1]?.since, '3');
    assert.deepEqual(room.getSnapshot(), ALL[SCRIPT.last]);
    room.disconnect();
  });

  it('a refused token rejects connectRoom with RoomConnectError(unauthorized)', async () => {
    const { url } = await sseServer([]);
    await assert.rejects(
      connectRoom(url, 'wrong', FAST),
      (err) => err instanceof RoomConnectError && err.reason === 'unauthorized',
    );
  });

  it('gives up after maxRetries failed reconnects', async () => {
    const { url } = await sseServer([(res) => (send(res, snapshot(2)), res.end())]);
    const room = await connectRoom(url, TOKEN, { ...FAST, maxRetries: 2 });
    const reasons: string[] = [];
    room.on('Disconnected', (reason) => reasons.push(reason));
    await until(() => room.state === 'disconnected');
    assert.deepEqual(reasons, ['retries_exhausted']);
  });
});
