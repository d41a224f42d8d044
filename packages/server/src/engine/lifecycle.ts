/** Typed lifecycle events a notifier emits for observers (logs, dashboards, tests). */
import { EventEmitter } from 'node:events';
import type { EndpointState } from '../store/contract.js';

export interface DeliveryEventInfo {
  deliveryId: number;
  eventId: string;
  eventName: string;
  endpointId: string;
  /** Attempts made in this cycle, this one included. */
  attempt: number;
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
}

export interface NotifierEventMap {
  /** A 2xx response: the delivery is done and its lane moves on. */
  delivered: [DeliveryEventInfo];
  /** A retryable failure; the next attempt is scheduled at `nextAttemptAt`. */
  retrying: [DeliveryEventInfo & { nextAttemptAt: number }];
  /** A final failure (a 4xx other than 408/425/429, 501, 410, or a refused address); the lane moves on. */
  failed: [DeliveryEventInfo];
  /** The retry schedule ran out; the lane moves on. Retry by hand with `retryDelivery`. */
  abandoned: [DeliveryEventInfo];
  /** An endpoint was paused, resumed or disabled (410 Gone). */
  /** Events were committed by this process's `publish` (duplicates excluded): a hint for live views. */
  published: [{ ids: string[] }];
  endpoint_state: [{ endpointId: string; state: EndpointState; reason: string | undefined }];
  /** An endpoint's circuit opened (it keeps failing) or closed (a probe succeeded). */
  circuit: [{ endpointId: string; state: 'open' | 'closed' }];
  /** A background step failed (e.g. the store was unreachable); the engine keeps going and retries. */
  error: [Error];
}

/** An EventEmitter whose `on`/`emit` are typed by {@link NotifierEventMap}. */
export class NotifierEvents extends EventEmitter<NotifierEventMap> {}
