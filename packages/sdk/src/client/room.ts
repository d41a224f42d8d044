import { TypedEmitter } from './emitter.js';
import { Participant, type DataKind, type SubscriptionStatus } from './participant.js';
import {
  parseRoomStreamMessage,
  type ConnectionQualityState,
  type EgressSnapshot,
  type IngressSnapshot,
  type ParticipantPermission,
  type RoomChange,
  type RoomSnapshot,
  type TrackSnapshot,
  type TrackStreamState,
} from './protocol.js';
import { applyRoomChange, diffRoomSnapshots, emptyRoomSnapshot } from './room-snapshot.js';
import { createSseParser, type SseMessage } from './sse-parser.js';

/** Why a {@link Room} stopped for good. */
export type DisconnectReason =
  /** `room.disconnect()` was called. */
  | 'client_initiated'
  /** The room finished (`RoomFinished`). */
  | 'room_finished'
  /** The server refused the token (401 or 403). */
  | 'unauthorized'
  /** The server does not know the room or the endpoint (404). */
  | 'not_found'
  /** Reconnecting failed `maxRetries` times in a row. */
  | 'retries_exhausted';

/** The connection state of a {@link Room}. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** The events a {@link Room} emits: LiveKit's SDK events table ("Room Event" column), plus `change`. */
export interface RoomEventMap {
  ParticipantConnected: [participant: Participant];
  ParticipantDisconnected: [participant: Participant];
  Reconnecting: [];
  Reconnected: [];
  Disconnected: [reason: DisconnectReason];
  TrackPublished: [track: TrackSnapshot, participant: Participant];
  TrackUnpublished: [track: TrackSnapshot, participant: Participant];
  TrackMuted: [track: TrackSnapshot, participant: Participant];
  TrackUnmuted: [track: TrackSnapshot, participant: Participant];
  ActiveSpeakersChanged: [speakers: Participant[]];
  ConnectionQualityChanged: [quality: ConnectionQualityState, participant: Participant];
  ParticipantAttributesChanged: [changedAttributes: Record<string, string>, participant: Participant];
  ParticipantMetadataChanged: [previousMetadata: string, participant: Participant];
  RoomMetadataChanged: [metadata: string];
  /** `participant` is undefined when the server sent the data. */
  DataReceived: [payload: Uint8Array, participant: Participant | undefined, kind: DataKind, topic: string];
  TrackStreamStateChanged: [track: TrackSnapshot, streamState: TrackStreamState, participant: Participant];
  TrackSubscriptionPermissionChanged: [
    track: TrackSnapshot,
    status: SubscriptionStatus,
    participant: Participant,
  ];
  ParticipantPermissionsChanged: [
    previousPermissions: ParticipantPermission | null,
    participant: Participant,
  ];
  /**
   * After every stream message that changed anything: the new snapshot and the changes applied. For
   * declarative UIs; see {@link Room.subscribe}.
   */
  change: [snapshot: RoomSnapshot, changes: readonly RoomChange[]];
}

/** Reconnection delays: `initialMs · 2^(attempt-1)`, capped at `maxMs`, times a random factor in [0.5, 1]. */
export interface BackoffOptions {
  /** Default 500. */
  initialMs?: number;
  /** Default 10 000. */
  maxMs?: number;
}

/** Options of {@link connectRoom}. */
export interface ConnectRoomOptions {
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** Reconnection attempts in a row before giving up with `Disconnected('retries_exhausted')`. Default 20. */
  maxRetries?: number;
  /**
   * Reconnect when nothing (not even a keep-alive comment) arrives for this long. Default 45 000; 0 disables.
   */
  idleTimeoutMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Random source for backoff jitter (default `Math.random`). */
  random?: () => number;
}

/** Raised by `connectRoom` when the first connection fails. */
export class RoomConnectError extends Error {
  constructor(
    readonly reason: DisconnectReason | 'connection_failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RoomConnectError';
  }
}

class Fatal extends Error {
  constructor(readonly reason: DisconnectReason) {
    super(reason);
  }
}

/** Standard base64 to bytes; a payload that is not base64 (a server bug) becomes empty rather than fatal. */
function base64ToBytes(text: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return new Uint8Array(0);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A room followed through roomhooks' realtime stream: current state readable at any time, LiveKit-style
 * events as it changes, automatic reconnection. Create it with {@link connectRoom}.
 *
 * @example
 * ```ts
 * const room = await connectRoom('https://hooks.example.com/v1/rooms/standup/stream', token);
 * room.on('ParticipantConnected', (p) => console.log(p.identity, 'joined'));
 * for (const p of room.participants.values()) console.log(p.identity, [...p.tracks.values()]);
 * ```
 */
export class Room extends TypedEmitter<RoomEventMap> {
  /** Participants by identity. */
  readonly participants = new Map<string, Participant>();
  /** Connection state. */
  state: ConnectionState = 'connecting';
  /** The seq of the last change applied (what a reconnect resumes from). */
  seq = 0;
  #snapshot: RoomSnapshot;
  #hasState = false;
  #closed = false;
  #abort = new AbortController();
  readonly #url: string;
  readonly #token: string;
  readonly #options: ConnectRoomOptions;

  /** @internal Use {@link connectRoom}. */
  constructor(url: string, token: string, options: ConnectRoomOptions = {}) {
    super();
    this.#url = url;
    this.#token = token;
    this.#options = options;
    this.#snapshot = emptyRoomSnapshot('');
  }

  /** Room name. */
  get name(): string {
    return this.#snapshot.name;
  }
  /** Room sid (`RM_…`). */
  get sid(): string {
    return this.#snapshot.sid;
  }
  get metadata(): string {
    return this.#snapshot.metadata;
  }
  /** The current speakers, loudest first. */
  get activeSpeakers(): Participant[] {
    return this.#snapshot.activeSpeakers.flatMap((id) => this.participants.get(id) ?? []);
  }
  get egresses(): readonly EgressSnapshot[] {
    return Object.values(this.#snapshot.egresses);
  }
  get ingresses(): readonly IngressSnapshot[] {
    return Object.values(this.#snapshot.ingresses);
  }

  /**
   * The current state as one immutable plain object; a new object after every change, the same object
   * otherwise — what React's `useSyncExternalStore` wants.
   */
  readonly getSnapshot = (): RoomSnapshot => this.#snapshot;

  /**
   * Calls `listener` after every change; returns the function that stops it. With `getSnapshot`, this is a
   * `useSyncExternalStore` store.
   *
   * @example
   * ```tsx
   * const snapshot = useSyncExternalStore(room.subscribe, room.getSnapshot);
   * ```
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    const wrapped = (): void => listener();
    this.on('change', wrapped);
    return () => {
      this.off('change', wrapped);
    };
  };

  /** Stops following the room; emits `Disconnected('client_initiated')`. */
  disconnect(): void {
    this.#stop('client_initiated');
  }

  #stop(reason: DisconnectReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    const wasConnected = this.#hasState;
    this.state = 'disconnected';
    if (wasConnected) this.emit('Disconnected', reason);
  }

  /** @internal Runs the connection until the room is disconnected; resolves once the first snapshot is in. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      void this.#run(resolve, reject);
    });
  }

  async #run(ready: () => void, fail: (err: unknown) => void): Promise<void> {
    const fetchFn = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    const maxRetries = this.#options.maxRetries ?? 20;
    const random = this.#options.random ?? Math.random;
    let attempt = 0;
    let announced = false;
    let retryMs: number | undefined;
    while (!this.#closed) {
      const connection = new AbortController();
      const onAbort = (): void => connection.abort();
      this.#abort.signal.addEventListener('abort', onAbort);
      try {
        const url = new URL(this.#url);
        const headers: Record<string, string> = {
          ...this.#options.headers,
          accept: 'text/event-stream',
          authorization: `Bearer ${this.#token}`,
        };
        if (this.#hasState) {
          url.searchParams.set('since', String(this.seq));
          headers['last-event-id'] = String(this.seq);
        }
        const response = await fetchFn(url, { headers, signal: connection.signal });
        if (response.status === 401 || response.status === 403) throw new Fatal('unauthorized');
        if (response.status === 404) throw new Fatal('not_found');
        if (!response.ok || response.body === null) {
          await response.body?.cancel();
          throw new Error(`room stream: HTTP ${response.status}`);
        }
        if (this.state === 'reconnecting') {
          this.state = 'connected';
          this.emit('Reconnected');
        }
        retryMs = await this.#consume(response.body, connection, () => {
          attempt = 0;
          if (!announced) {
            announced = true;
            if (this.state === 'connecting') this.state = 'connected';
            ready();
          }
        });
        if (this.#closed) break;
        if (!this.#hasState) throw new Error('room stream: ended before the first snapshot');
      } catch (err) {
        if (this.#closed) break;
        if (!this.#hasState) {
          this.#closed = true;
          this.state = 'disconnected';
          const reason = err instanceof Fatal ? err.reason : 'connection_failed';
          fail(
            new RoomConnectError(reason, `could not connect to the room stream: ${String(err)}`, {
              cause: err,
            }),
          );
          return;
        }
        if (err instanceof Fatal) {
          this.#stop(err.reason);
          break;
        }
      } finally {
        this.#abort.signal.removeEventListener('abort', onAbort);
        connection.abort();
      }
      if (this.#closed) break;
      // The stream ended or failed: reconnect from the last seq.
      if (this.state !== 'reconnecting') {
        this.state = 'reconnecting';
        this.emit('Reconnecting');
      }
      attempt += 1;
      if (attempt > maxRetries) {
        this.#stop('retries_exhausted');
        break;
      }
      const { initialMs = 500, maxMs = 10_000 } = this.#options.backoff ?? {};
      const base = retryMs ?? Math.min(maxMs, initialMs * 2 ** (attempt - 1));
      await this.#sleep(base * (0.5 + random() / 2));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.#abort.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  /** Reads one response body to its end; returns the server's `retry:` hint. Throws to reconnect. */
  async #consume(
    body: ReadableStream<Uint8Array>,
    connection: AbortController,
    onMessage: () => void,
  ): Promise<number | undefined> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const queue: SseMessage[] = [];
    const parser = createSseParser((message) => queue.push(message));
    const idleMs = this.#options.idleTimeoutMs ?? 45_000;
    let idle: ReturnType<typeof setTimeout> | undefined;
    let idleFailure: Error | undefined;
    const arm = (): void => {
      if (idleMs <= 0) return;
      clearTimeout(idle);
      idle = setTimeout(() => {
        idleFailure = new Error('room stream: idle timeout');
        connection.abort();
      }, idleMs);
    };
    try {
      arm();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        parser.push(decoder.decode(value, { stream: true }));
        while (queue.length > 0 && !this.#closed) {
          const message = queue.shift()!;
          const first = !this.#hasState;
          this.#handle(message);
          onMessage();
          // Let the code awaiting connectRoom attach its listeners before the next change is applied.
          if (first && this.#hasState) await new Promise((resolve) => setTimeout(resolve, 0));
        }
        if (this.#closed) break;
      }
    } catch (err) {
      throw idleFailure ?? err;
    } finally {
      clearTimeout(idle);
      reader.releaseLock();
    }
    return parser.retry;
  }

  /** Applies one stream message; throws on a protocol error (bad JSON, a gap), which makes the room reconnect. */
  #handle(message: SseMessage): void {
    const parsed = parseRoomStreamMessage(message.event, message.data);
    if (parsed === undefined) return;
    if (parsed.type === 'change') {
      if (parsed.seq <= this.seq) return; // already applied (a replay overlap): never twice
      if (!this.#hasState || parsed.seq !== this.seq + 1) {
        throw new Error(`room stream: expected change ${this.seq + 1}, got ${parsed.seq}`); // a gap
      }
      this.#applyChanges([parsed.change]);
      this.seq = parsed.seq;
    } else if (!this.#hasState) {
      this.#initialise(parsed.room, parsed.seq);
    } else {
      // A reset (or a fresh snapshot on resume): tell listeners what changed, as individual events.
      const changes = diffRoomSnapshots(this.#snapshot, parsed.room);
      this.#applyChanges(changes, parsed.room);
      this.seq = parsed.seq;
    }
  }

  #initialise(room: RoomSnapshot, seq: number): void {
    this.#snapshot = room;
    this.seq = seq;
    this.#hasState = true;
    for (const p of Object.values(room.participants)) this.participants.set(p.identity, new Participant(p));
    this.emit('change', room, []);
    if (room.status === 'finished') this.#stop('room_finished');
  }

  #refreshParticipants(): void {
    for (const [identity, participant] of this.participants) {
      const next = this.#snapshot.participants[identity];
      if (next !== undefined && next !== participant.snapshot) participant.update(next);
    }
  }

  #applyChanges(changes: readonly RoomChange[], exact?: RoomSnapshot): void {
    for (const change of changes) {
      const before = this.#snapshot;
      this.#snapshot = applyRoomChange(before, change);
      this.#refreshParticipants();
      this.#announce(change, before);
    }
    if (exact !== undefined) {
      // After a reset: hold exactly the server's snapshot, whatever the diff could express.
      this.#snapshot = exact;
      this.#refreshParticipants();
    }
    if (changes.length === 0) return;
    this.emit('change', this.#snapshot, changes);
    if (this.#snapshot.status === 'finished') this.#stop('room_finished');
  }

  /** Emits the SDK events of one applied change, on the room and on the participant. */
  #announce(change: RoomChange, before: RoomSnapshot): void {
    const track = (identity: string, sid: string): TrackSnapshot | undefined =>
      this.#snapshot.participants[identity]?.tracks[sid] ?? before.participants[identity]?.tracks[sid];
    switch (change.type) {
      case 'ParticipantConnected': {
        const p = new Participant(change.participant);
        this.participants.set(p.identity, p);
        this.emit('ParticipantConnected', p);
        for (const t of p.tracks.values()) {
          p.dispatch('TrackPublished', t);
          this.emit('TrackPublished', t, p);
        }
        return;
      }
      case 'ParticipantDisconnected': {
        const p = this.participants.get(change.identity);
        if (p === undefined) return;
        this.#disconnectParticipant(p);
        return;
      }
      case 'RoomFinished':
        for (const p of [...this.participants.values()]) this.#disconnectParticipant(p);
        return;
      case 'RoomStarted':
        for (const p of [...this.participants.values()]) this.#disconnectParticipant(p);
        return;
      case 'RoomMetadataChanged':
        this.emit('RoomMetadataChanged', change.metadata);
        return;
      case 'ActiveSpeakersChanged':
        this.emit('ActiveSpeakersChanged', this.activeSpeakers);
        return;
      case 'DataReceived': {
        const payload = base64ToBytes(change.payload);
        const p = change.identity === '' ? undefined : this.participants.get(change.identity);
        p?.dispatch('DataReceived', payload, change.kind, change.topic);
        this.emit('DataReceived', payload, p, change.kind, change.topic);
        return;
      }
      case 'RoomUpdated':
      case 'ParticipantUpdated':
      case 'EgressUpdated':
      case 'IngressUpdated':
        return; // state only: seen through `change`
      default:
        break;
    }
    const p = this.participants.get(change.identity);
    if (p === undefined) return;
    switch (change.type) {
      case 'ParticipantMetadataChanged':
        p.dispatch('ParticipantMetadataChanged', change.previousMetadata);
        this.emit('ParticipantMetadataChanged', change.previousMetadata, p);
        return;
      case 'ParticipantAttributesChanged':
        p.dispatch('ParticipantAttributesChanged', change.changedAttributes);
        this.emit('ParticipantAttributesChanged', change.changedAttributes, p);
        return;
      case 'ParticipantPermissionsChanged':
        p.dispatch('ParticipantPermissionsChanged', change.previousPermission);
        this.emit('ParticipantPermissionsChanged', change.previousPermission, p);
        return;
      case 'ConnectionQualityChanged':
        p.dispatch('ConnectionQualityChanged', change.quality);
        this.emit('ConnectionQualityChanged', change.quality, p);
        return;
      case 'IsSpeakingChanged':
        p.dispatch('IsSpeakingChanged', change.isSpeaking);
        return;
      case 'TrackPublished':
        p.dispatch('TrackPublished', change.track);
        this.emit('TrackPublished', change.track, p);
        return;
      default:
        break;
    }
    const t = track(change.identity, change.trackSid);
    if (t === undefined) return;
    switch (change.type) {
      case 'TrackUnpublished':
        p.dispatch('TrackUnpublished', t);
        this.emit('TrackUnpublished', t, p);
        return;
      case 'TrackMuted':
        p.dispatch('TrackMuted', t);
        this.emit('TrackMuted', t, p);
        return;
      case 'TrackUnmuted':
        p.dispatch('TrackUnmuted', t);
        this.emit('TrackUnmuted', t, p);
        return;
      case 'TrackStreamStateChanged':
        p.dispatch('TrackStreamStateChanged', t, change.streamState);
        this.emit('TrackStreamStateChanged', t, change.streamState, p);
        return;
      case 'TrackSubscriptionPermissionChanged': {
        const status: SubscriptionStatus = change.allowed ? 'allowed' : 'denied';
        p.dispatch('TrackSubscriptionPermissionChanged', t, status);
        this.emit('TrackSubscriptionPermissionChanged', t, status, p);
        return;
      }
    }
  }

  #disconnectParticipant(p: Participant): void {
    this.participants.delete(p.identity);
    for (const t of p.tracks.values()) {
      p.dispatch('TrackUnpublished', t);
      this.emit('TrackUnpublished', t, p);
    }
    this.emit('ParticipantDisconnected', p);
  }
}

/**
 * Connects to a room's realtime stream and resolves once its state is in (the first snapshot); rejects with a
 * {@link RoomConnectError} if that first connection fails. `url` is the stream endpoint, `token` goes in the
 * `Authorization: Bearer` header. After that, the room reconnects by itself with backoff, resuming from the
 * last change it applied (`Reconnecting` → `Reconnected`), until `disconnect()`, the room finishing, a refused
 * token, or `maxRetries` failures in a row (`Disconnected`).
 *
 * @example
 * ```ts
 * const room = await connectRoom('https://hooks.example.com/v1/rooms/standup/stream', token);
 * room.on('TrackMuted', (track, participant) => console.log(participant.identity, 'muted', track.sid));
 * ```
 */
export async function connectRoom(
  url: string,
  token: string,
  options: ConnectRoomOptions = {},
): Promise<Room> {
  const room = new Room(url, token, options);
  await room.start();
  return room;
}
