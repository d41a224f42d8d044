/**
 * Rows as both backends read them (snake_case columns, SQL NULL) turned into the contract's objects. SQL-free,
 * so SQLite and PostgreSQL share it instead of keeping twin copies.
 */
import type { EndpointSpec } from '../engine/endpoint-spec.js';
import type {
  AttemptRow,
  DeliveryRow,
  DeliveryStatus,
  EndpointRow,
  EndpointState,
  EventRow,
} from './contract.js';

/** A row as the database driver returns it. */
export type Row = Record<string, unknown>;

/** SQL NULL → undefined, the contract's "absent". */
export function opt<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function toEventRow(r: Row): EventRow {
  return {
    seq: r.seq as number,
    id: r.id as string,
    name: r.name as string,
    room: opt(r.room as string | null),
    orderingKey: r.ordering_key as string,
    createdAt: r.created_at as number,
    publishedAt: r.published_at as number,
    body: r.body as string,
  };
}

/** Expects the delivery columns plus `event_id` and `event_name` from the joined event. */
export function toDeliveryRow(r: Row): DeliveryRow {
  return {
    id: r.id as number,
    eventId: r.event_id as string,
    eventName: r.event_name as string,
    endpointId: r.endpoint_id as string,
    lane: r.lane as string,
    status: r.status as DeliveryStatus,
    attempts: r.attempts as number,
    nextAttemptAt: opt(r.next_attempt_at as number | null),
    lastStatusCode: opt(r.last_status_code as number | null),
    lastError: opt(r.last_error as string | null),
    updatedAt: r.updated_at as number,
  };
}

export function toEndpointRow(r: Row): EndpointRow {
  return {
    id: r.id as string,
    spec: JSON.parse(r.spec as string) as EndpointSpec,
    state: r.state as EndpointState,
    stateReason: opt(r.state_reason as string | null),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function toAttemptRow(r: Row): AttemptRow {
  return {
    id: r.id as number,
    deliveryId: r.delivery_id as number,
    startedAt: r.started_at as number,
    durationMs: r.duration_ms as number,
    statusCode: opt(r.status_code as number | null),
    outcome: r.outcome as AttemptRow['outcome'],
    error: opt(r.error as string | null),
    response: opt(r.response as string | null),
  };
}
