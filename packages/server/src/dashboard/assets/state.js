// What the page knows: recent events (newest first) with each one's delivery state per endpoint, the
// endpoints, and the last event seq seen. Views subscribe to changes; the stream and API calls feed it.

const MAX_EVENTS = 1000;

export const state = {
  /** Event summaries `{ seq, id, name, room, createdAt }`, newest first. */
  events: [],
  byId: new Map(),
  /** eventId → Map(endpointId → `{ id, status, attempts, lastStatusCode, lastError, at }`). */
  deliveries: new Map(),
  /** From GET /v1/endpoints. */
  endpoints: [],
  lastSeq: 0,
};

const listeners = new Set();

/** `listener(kind, payload)`; kinds: `reset`, `event`, `delivery`, `endpoints`, `endpoint`, `circuit`. */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emit(kind, payload) {
  for (const listener of [...listeners]) listener(kind, payload);
}

export function reset() {
  state.events = [];
  state.byId.clear();
  state.deliveries.clear();
  state.lastSeq = 0;
}

function deliveriesOf(eventId) {
  let map = state.deliveries.get(eventId);
  if (!map) {
    map = new Map();
    state.deliveries.set(eventId, map);
  }
  return map;
}

/**
 * Sets a delivery's state, unless what we have is newer: outcomes from the stream (`at`) and rows read from the
 * store (`updatedAt`) race each other — a retry's answer can arrive after the delivery it queued was already
 * reported delivered — so the later server time wins.
 */
export function setDelivery(eventId, delivery, { silent = false } = {}) {
  const map = deliveriesOf(eventId);
  const current = map.get(delivery.endpointId);
  const at = delivery.at ?? delivery.updatedAt ?? 0;
  if (current && current.id === delivery.id && current.at > at) return;
  map.set(delivery.endpointId, { ...current, ...delivery, at });
  if (!silent) emit('delivery', { eventId, endpointId: delivery.endpointId });
}

/** Adds (or refreshes) an event summary; returns true when it was new. */
export function addEvent(summary, { silent = false } = {}) {
  for (const d of summary.deliveries ?? []) setDelivery(summary.id, d, { silent: true });
  if (summary.seq > state.lastSeq) state.lastSeq = summary.seq;
  const known = state.byId.get(summary.id);
  if (known) {
    if (!silent) emit('delivery', { eventId: summary.id });
    return false;
  }
  const event = {
    seq: summary.seq,
    id: summary.id,
    name: summary.name,
    room: summary.room,
    createdAt: summary.createdAt,
  };
  state.byId.set(event.id, event);
  // Usually the newest: find its place from the top.
  let i = 0;
  while (i < state.events.length && state.events[i].seq > event.seq) i++;
  state.events.splice(i, 0, event);
  if (state.events.length > MAX_EVENTS) {
    for (const dropped of state.events.splice(MAX_EVENTS)) {
      state.byId.delete(dropped.id);
      state.deliveries.delete(dropped.id);
    }
  }
  if (!silent) emit('event', event);
  return true;
}

/** Delivery states of an event, by endpoint id. */
export function deliveryStates(eventId) {
  return state.deliveries.get(eventId) ?? new Map();
}

export function endpointLabel(endpointId) {
  const endpoint = state.endpoints.find((e) => e.id === endpointId);
  return endpoint?.description ? `${endpoint.description} (${endpointId})` : endpointId;
}
