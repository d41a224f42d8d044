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

  #changed(): void {
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
    const removed = await this.#store.deleteEndpoint(id, this.#clock.now());
    this.#rows.delete(id);
    this.#changed();
    return removed;
  }
}
