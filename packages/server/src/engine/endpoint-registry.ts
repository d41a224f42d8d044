/**
 * The endpoints a process routes to, cached from the store. The store stays the truth; this cache exists so
 * that publish and claim do not read endpoint rows on every call.
 */
import type { Clock } from '../clock.js';
import type { EndpointRow, EndpointState, Store } from '../store/contract.js';
import type { EndpointSpec } from './endpoint-spec.js';
import type { NotifierEvents } from './lifecycle.js';

export class EndpointRegistry {
  readonly #rows = new Map<string, EndpointRow>();
  #active: EndpointRow[] | undefined;
  #routable: EndpointRow[] | undefined;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #events: NotifierEvents;
  /** Bumped around every local change, so that a refresh racing one is discarded instead of undoing it. */
  #version = 0;

  constructor(store: Store, clock: Clock, events: NotifierEvents) {
    this.#store = store;
    this.#clock = clock;
    this.#events = events;
  }

  async load(): Promise<void> {
    this.#rows.clear();
    for (const row of await this.#store.listEndpoints()) this.#rows.set(row.id, row);
    this.#changed();
  }

  /**
   * Re-reads the endpoints from the store: other processes sharing it may have added, changed or removed some.
   * Returns whether anything changed.
   */
  async refresh(): Promise<boolean> {
    const version = this.#version;
    const rows = await this.#store.listEndpoints();
    if (version !== this.#version) return false;
    const same =
      rows.length === this.#rows.size &&
      rows.every((r) => {
        const mine = this.#rows.get(r.id);
        return mine !== undefined && mine.updatedAt === r.updatedAt && mine.state === r.state;
      });
    if (same) return false;
    const gone = [...this.#rows.keys()].filter((id) => !rows.some((r) => r.id === id));
    this.#rows.clear();
    for (const row of rows) this.#rows.set(row.id, row);
    this.#changed();
    // Removed by another process: a publish of ours that raced the removal may have queued deliveries to it,
    // which nobody would ever send. Removing it again abandons them (and is a no-op otherwise).
    for (const id of gone) await this.#store.deleteEndpoint(id, this.#clock.now());
    return true;
  }

  #changed(): void {
    this.#version++;
    this.#active = undefined;
    this.#routable = undefined;
  }

  get(id: string): EndpointRow | undefined {
    return this.#rows.get(id);
  }

  all(): EndpointRow[] {
    return [...this.#rows.values()];
  }

  /** Endpoints whose deliveries may be sent now. */
  active(): EndpointRow[] {
    return (this.#active ??= this.all().filter((e) => e.state === 'active'));
  }

  /** Endpoints that receive new events: active and paused ones (a paused endpoint holds its deliveries). */
  routable(): EndpointRow[] {
    return (this.#routable ??= this.all().filter((e) => e.state !== 'disabled'));
  }

  async put(id: string, spec: EndpointSpec): Promise<EndpointRow> {
    this.#version++;
    const row = await this.#store.upsertEndpoint(id, spec, this.#clock.now());
    this.#rows.set(id, row);
    this.#changed();
    return row;
  }

  async setState(
    id: string,
    state: EndpointState,
    reason: string | undefined,
  ): Promise<EndpointRow | undefined> {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    const now = this.#clock.now();
    this.#version++;
    await this.#store.setEndpointState(id, state, reason, now);
    const updated = { ...row, state, stateReason: reason, updatedAt: now };
    this.#rows.set(id, updated);
    this.#changed();
    if (row.state !== state) this.#events.emit('endpoint_state', { endpointId: id, state, reason });
    return updated;
  }

  disable(id: string, reason: string): Promise<EndpointRow | undefined> {
    return this.setState(id, 'disabled', reason);
  }

  async remove(id: string): Promise<boolean> {
    this.#version++;
    const removed = await this.#store.deleteEndpoint(id, this.#clock.now());
    this.#rows.delete(id);
    this.#changed();
    return removed;
  }
}
