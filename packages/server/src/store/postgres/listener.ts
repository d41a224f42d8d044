/**
 * LISTEN/NOTIFY: a latency hint between processes, never the truth. A publish that creates a due lane head
 * sends `NOTIFY roomhooks_events` on commit; other processes listening on the same schema wake their scheduler
 * at once instead of at their next poll. Notifications are lost while a listener is disconnected, which is
 * why every (re)connection also wakes its owner, and why the scheduler keeps polling.
 */
import pg from 'pg';
import { clientConfig, type ConnectionSettings } from './connection.js';

export const CHANNEL = 'roomhooks_events';

const PING_INTERVAL_MS = 30_000;

/** The payload: the schema (several may share a database) and the sender, so a process ignores its own. */
export function notifyPayload(schema: string, instanceId: string): string {
  return `${schema}:${instanceId}`;
}

export interface ListenerOptions {
  settings: ConnectionSettings;
  instanceId: string;
  onWake: () => void;
  onError: (err: Error) => void;
  /** First reconnection delay; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** One dedicated connection (LISTEN cannot go through a pool), re-opened with backoff when it is lost. */
export class Listener {
  readonly #o: ListenerOptions;
  #client: pg.Client | undefined;
  #closed = false;
  #backoff: number;
  #timer: NodeJS.Timeout | undefined;
  #ping: NodeJS.Timeout | undefined;
  /** Resolves when the first connection attempt has settled (connected or scheduled a retry). */
  readonly ready: Promise<void>;

  constructor(options: ListenerOptions) {
    this.#o = options;
    this.#backoff = options.minBackoffMs ?? 100;
    this.ready = this.#connect();
  }

  get connected(): boolean {
    return this.#client !== undefined;
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(clientConfig(this.#o.settings));
    const prefix = `${this.#o.settings.schema}:`;
    const own = notifyPayload(this.#o.settings.schema, this.#o.instanceId);
    let lost = false;
    const onLost = (err?: Error): void => {
      if (lost) return;
      lost = true;
      clearInterval(this.#ping);
      if (this.#client === client) this.#client = undefined;
      client.removeAllListeners('notification');
      client.on('error', () => {});
      void client.end().catch(() => {});
      if (err) this.#o.onError(err);
      this.#retry();
    };
    client.on('error', (err) => onLost(err));
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      const payload = msg.payload ?? '';
      if (payload.startsWith(prefix) && payload !== own) this.#o.onWake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.#closed || lost) {
      if (!lost) void client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#backoff = this.#o.minBackoffMs ?? 100;
    // An idle connection whose server vanished silently is only noticed when used: ask it something now and
    // then (the query is bounded by the client-side query timeout), and reconnect when it does not answer.
    this.#ping = setInterval(() => {
      client
        .query('SELECT 1')
        .catch((err: unknown) => onLost(err instanceof Error ? err : new Error(String(err))));
    }, PING_INTERVAL_MS);
    this.#ping.unref();
    // Whatever was notified while we were away is lost: look once.
    this.#o.onWake();
  }

  #retry(): void {
    if (this.#closed) return;
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, this.#o.maxBackoffMs ?? 5_000);
    this.#timer = setTimeout(() => void this.#connect(), delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#ping);
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }
}
