/**
 * The scheduler: claims due lane heads from the store, hands them to the sender, and writes the outcomes back.
 *
 * Only lane heads are ever `pending` in the store, so a claim never has to skip over a lane's later members and
 * a lane's order holds by construction. Concurrency is capped globally and per endpoint; an endpoint with an
 * open circuit gets a single probe at a time. Outcomes are written in batches, and an attempt's slot is freed
 * only after its outcome is stored, so the lane's next member is promoted before anything claims again.
 */
import type { Clock, Random } from '../clock.js';
import { encodeFor, type SigningContext } from '../formats/index.js';
import type { AttemptRecord, AttemptVerdict, ClaimSlot, ClaimedDelivery, Store } from '../store/contract.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { EndpointRegistry } from './endpoint-registry.js';
import type { DeliveryEventInfo, NotifierEvents } from './lifecycle.js';
import type { EngineMetrics } from './metrics.js';
import { classifyOutcome, nextAttemptAt, parseRetryAfter } from './retry-policy.js';
import type { Sender, SendResult } from './sender.js';

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  random: Random;
  sender: Sender;
  circuits: CircuitBreakers;
  endpoints: EndpointRegistry;
  signing(endpointId: string): SigningContext;
  events: NotifierEvents;
  metrics: EngineMetrics;
  /** Attempts in flight across all endpoints. */
  concurrency: number;
  /** Longest sleep between claims when nothing is due: the safety net under wake-ups. */
  pollIntervalMs: number;
}

interface Finished {
  record: AttemptRecord;
  info: DeliveryEventInfo;
  /** Set when a 410 disabled the endpoint. */
  gone: boolean;
}

export class Scheduler {
  readonly #d: SchedulerDeps;
  #inFlight = 0;
  readonly #inFlightByEndpoint = new Map<string, number>();
  #finished: Finished[] = [];
  #flushing: Promise<void> | undefined;
  #ticking = false;
  #wakeAgain = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #rotation = 0;
  #idle: (() => void) | undefined;

  constructor(deps: SchedulerDeps) {
    this.#d = deps;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Asks for a claim soon (new events, a freed slot, a resumed endpoint). Cheap to call often. */
  wake(): void {
    if (this.#closed) return;
    if (this.#ticking) {
      this.#wakeAgain = true;
      return;
    }
    this.#ticking = true;
    setImmediate(() => void this.#tick());
  }

  async #tick(): Promise<void> {
    try {
      do {
        this.#wakeAgain = false;
        const now = this.#d.clock.now();
        const slots = this.#slots(now);
        if (slots.length === 0) break;
        const claimed = await this.#d.store.claim(now, slots);
        const probes = new Set(slots.filter((s) => s.probe).map((s) => s.endpointId));
        for (const delivery of claimed) {
          if (probes.has(delivery.endpointId)) this.#d.circuits.probeStarted(delivery.endpointId);
          this.#start(delivery);
        }
        // A full claim means more may be due right away.
        if (claimed.length > 0 && claimed.length === slots.reduce((n, s) => n + s.limit, 0)) this.#wakeAgain = true;
      } while (this.#wakeAgain && !this.#closed);
      await this.#arm();
    } catch (err) {
      this.#reportError(err);
      this.#setTimer(this.#d.pollIntervalMs);
    } finally {
      this.#ticking = false;
      if (this.#wakeAgain) this.wake();
    }
  }

  /** How many heads each endpoint may start now, within the global cap; rotated so no endpoint starves. */
  #slots(now: number): ClaimSlot[] {
    let free = this.#d.concurrency - this.#inFlight;
    if (free <= 0) return [];
    const active = this.#d.endpoints.active();
    const slots: ClaimSlot[] = [];
    const start = this.#rotation++ % Math.max(active.length, 1);
    for (let i = 0; i < active.length && free > 0; i++) {
      const endpoint = active[(start + i) % active.length]!;
      const cap = endpoint.spec.maxConcurrency - (this.#inFlightByEndpoint.get(endpoint.id) ?? 0);
      const { slots: allowed, probe } = this.#d.circuits.allowance(endpoint.id, cap, now);
      const limit = Math.min(allowed, free);
      if (limit <= 0) continue;
      slots.push({ endpointId: endpoint.id, limit, probe });
      free -= limit;
    }
    return slots;
  }

  /** Sleeps until the next due head or probe, or the poll interval, whichever is first. */
  async #arm(): Promise<void> {
    if (this.#closed || this.#inFlight >= this.#d.concurrency) return;
    const now = this.#d.clock.now();
    const ids = this.#d.endpoints.active().map((e) => e.id);
    const due = ids.length > 0 ? await this.#d.store.nextDueAt(ids) : undefined;
    const probe = this.#d.circuits.nextProbeAt();
    let at = now + this.#d.pollIntervalMs;
    if (due !== undefined) at = Math.min(at, due);
    if (probe !== undefined) at = Math.min(at, probe);
    this.#setTimer(Math.max(at - now, 1));
  }

  #setTimer(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }

  #start(delivery: ClaimedDelivery): void {
    this.#inFlight++;
    this.#inFlightByEndpoint.set(delivery.endpointId, (this.#inFlightByEndpoint.get(delivery.endpointId) ?? 0) + 1);
    void this.#attempt(delivery).then((finished) => {
      this.#finished.push(finished);
      this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#flush());
    });
  }

  async #attempt(delivery: ClaimedDelivery): Promise<Finished> {
    const { clock } = this.#d;
    const endpoint = this.#d.endpoints.get(delivery.endpointId);
    const startedAt = clock.now();
    let result: SendResult;
    if (!endpoint) {
      result = failure('endpoint removed');
    } else {
      try {
        const request = encodeFor(endpoint.spec.format, delivery, this.#d.signing(endpoint.id), startedAt);
        result = request
          ? await this.#d.sender.send({ url: endpoint.spec.url, timeoutMs: endpoint.spec.timeoutMs, ...request })
          : failure(`no ${endpoint.spec.format} equivalent for ${delivery.eventName}`);
      } catch (err) {
        result = failure(`could not encode: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const now = clock.now();
    const attempt = delivery.attempts + 1;
    // A local failure never reached the endpoint: it is final, and says nothing about the endpoint's health.
    const cls = result.local ? 'fail' : classifyOutcome(result.statusCode);
    let verdict: AttemptVerdict;
    if (cls === 'success') verdict = { kind: 'delivered' };
    else if (cls === 'retry' && endpoint) {
      const retryAfter = parseRetryAfter(result.retryAfter, now);
      const next = nextAttemptAt(endpoint.spec.retry, attempt, now, this.#d.random, retryAfter);
      verdict = next === undefined ? { kind: 'abandoned' } : { kind: 'retry', nextAttemptAt: next };
    } else verdict = { kind: 'failed' };

    if (endpoint && !result.local) {
      if (cls === 'retry') {
        if (this.#d.circuits.failure(endpoint.id, now) === 'opened') {
          this.#d.events.emit('circuit', { endpointId: endpoint.id, state: 'open' });
        }
      } else if (this.#d.circuits.success(endpoint.id) === 'closed') {
        // The probe got through: every lane that was held back may go now.
        await this.#d.store.wakeEndpoint(endpoint.id, now);
        this.#d.events.emit('circuit', { endpointId: endpoint.id, state: 'closed' });
      }
    }
    this.#d.metrics.attempts.inc({ outcome: verdict.kind });
    this.#d.metrics.attemptDuration.observe(result.durationMs / 1000);
    return {
      record: {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        lane: delivery.lane,
        startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        response: result.response,
        verdict,
      },
      info: {
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        eventName: delivery.eventName,
        endpointId: delivery.endpointId,
        attempt,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
      },
      gone: cls === 'gone' && endpoint !== undefined,
    };
  }

  async #flush(): Promise<void> {
    const batch = this.#finished;
    this.#finished = [];
    this.#flushing = undefined;
    const now = this.#d.clock.now();
    try {
      await this.#d.store.record(
        batch.map((f) => f.record),
        now,
      );
    } catch (err) {
      // The attempts stay in_flight in the store; recovery on restart (or lease expiry) retries them.
      this.#reportError(err);
    }
    for (const { record, info, gone } of batch) {
      const n = (this.#inFlightByEndpoint.get(record.endpointId) ?? 1) - 1;
      if (n === 0) this.#inFlightByEndpoint.delete(record.endpointId);
      else this.#inFlightByEndpoint.set(record.endpointId, n);
      this.#inFlight--;
      const v = record.verdict;
      if (v.kind === 'retry') this.#d.events.emit('retrying', { ...info, nextAttemptAt: v.nextAttemptAt });
      else this.#d.events.emit(v.kind, info);
      if (gone) await this.#d.endpoints.disable(record.endpointId, `410 Gone from ${info.eventId}'s delivery`);
    }
    if (this.#inFlight === 0 && this.#finished.length === 0) this.#idle?.();
    this.wake();
  }

  #reportError(err: unknown): void {
    if (this.#d.events.listenerCount('error') > 0) {
      this.#d.events.emit('error', err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Stops claiming and waits (up to `timeoutMs`) for in-flight attempts to finish and be recorded. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function failure(error: string): SendResult {
  return { statusCode: undefined, error, durationMs: 0, response: undefined, retryAfter: undefined, local: true };
}
