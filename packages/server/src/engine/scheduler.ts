/**
 * The scheduler: claims due lane heads from the store, hands them to the sender, and writes the outcomes back.
 *
 * Only lane heads are ever `pending` in the store, so a claim never has to skip over a lane's later members and
 * a lane's order holds by construction. Concurrency is capped globally and per endpoint; an endpoint with an
 * open circuit gets a single probe at a time. One serial loop does the store work: each
 * cycle records the outcomes that arrived since the last one and claims the next heads in a single
 * transaction, so a lane's next member is promoted before anything claims again, and commits stay few.
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
  /** Added to an endpoint's timeout to make a claim's lease (see {@link LEASE_MARGIN_MS}). */
  leaseMarginMs?: number;
}

const COALESCE_MS = 1;

/**
 * A claim's lease is the endpoint's timeout plus this margin: time to record the outcome after the attempt's
 * deadline. A store shared by several processes lets another one take the delivery over after it (its owner is
 * presumed dead); a longer margin delays that take-over, a shorter one risks a duplicate when the database is
 * slow to record.
 */
export const LEASE_MARGIN_MS = 15_000;

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
  /** Attempts that finished and await recording by the next cycle. */
  #finished: Finished[] = [];
  #running = false;
  #again = false;
  #coalescing = false;
  /** Endpoints that answered 410 and are not yet disabled in the store. */
  readonly #gone = new Set<string>();
  /** Settles when the current cycle ends, so `close` never returns in the middle of one. */
  #cycleDone: Promise<void> = Promise.resolve();
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

  /** Asks for a cycle soon (new events, finished attempts, a resumed endpoint). Cheap to call often. */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#cycleDone = new Promise((resolve) => setImmediate(() => void this.#run().finally(resolve)));
  }

  /**
   * A finished attempt asks for a cycle a little later: under load, completions trickle in one by one, and
   * gathering a millisecond's worth into one transaction costs far less than a commit each.
   */
  #wakeSoon(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#coalescing) return;
    this.#coalescing = true;
    setTimeout(() => {
      this.#coalescing = false;
      this.wake();
    }, COALESCE_MS);
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        const finished = this.#finished;
        this.#finished = [];
        for (const f of finished) this.#release(f.record.endpointId);
        const now = this.#d.clock.now();
        // An endpoint that answered 410 is disabled once this cycle commits: claim nothing more for it until
        // then, or its lane's next delivery would go out (and be lost to a second 410) before it is held.
        for (const f of finished) if (f.gone) this.#gone.add(f.record.endpointId);
        const slots = this.#closed ? [] : this.#slots(now).filter((s) => !this.#gone.has(s.endpointId));
        if (finished.length === 0 && slots.length === 0) break;
        let claimed: ClaimedDelivery[];
        try {
          claimed = await this.#d.store.cycle(
            finished.map((f) => f.record),
            now,
            slots,
          );
        } catch (err) {
          // Keep the outcomes for the next cycle; their deliveries stay in flight in the store meanwhile.
          for (const f of finished) this.#acquire(f.record.endpointId);
          this.#finished.unshift(...finished);
          throw err;
        }
        await this.#announce(finished);
        const probes = new Set(slots.filter((s) => s.probe).map((s) => s.endpointId));
        for (const delivery of claimed) {
          if (probes.delete(delivery.endpointId)) this.#d.circuits.probeStarted(delivery.endpointId);
          this.#start(delivery);
        }
        // An open circuit with nothing waiting has nothing to probe with: look again after a cooldown rather
        // than every millisecond (new work wakes the loop anyway).
        for (const endpointId of probes) this.#d.circuits.deferProbe(endpointId, now);
        // A full claim means more may be due right away.
        if (claimed.length > 0 && claimed.length === slots.reduce((n, s) => n + s.limit, 0))
          this.#again = true;
      } while (this.#again);
      if (this.#inFlight === 0 && this.#finished.length === 0) this.#idle?.();
      await this.#arm();
    } catch (err) {
      this.#reportError(err);
      this.#setTimer(this.#d.pollIntervalMs);
    } finally {
      this.#running = false;
      if (this.#again) this.wake();
    }
  }

  /**
   * Emits the lifecycle events of recorded attempts, then disables endpoints that answered 410. A disable
   * that fails (the store away) stays pending and is tried again next cycle; meanwhile nothing is claimed
   * for that endpoint.
   */
  async #announce(finished: readonly Finished[]): Promise<void> {
    for (const { record, info } of finished) {
      const v = record.verdict;
      if (v.kind === 'retry') this.#d.events.emit('retrying', { ...info, nextAttemptAt: v.nextAttemptAt });
      else this.#d.events.emit(v.kind, info);
    }
    for (const endpointId of [...this.#gone]) {
      try {
        await this.#d.endpoints.disable(endpointId, '410 Gone from the endpoint');
        this.#gone.delete(endpointId);
      } catch (err) {
        this.#reportError(err);
      }
    }
  }

  #acquire(endpointId: string): void {
    this.#inFlight++;
    this.#inFlightByEndpoint.set(endpointId, (this.#inFlightByEndpoint.get(endpointId) ?? 0) + 1);
  }

  #release(endpointId: string): void {
    this.#inFlight--;
    const n = (this.#inFlightByEndpoint.get(endpointId) ?? 1) - 1;
    if (n === 0) this.#inFlightByEndpoint.delete(endpointId);
    else this.#inFlightByEndpoint.set(endpointId, n);
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
      slots.push({
        endpointId: endpoint.id,
        limit,
        probe,
        leaseMs: endpoint.spec.timeoutMs + (this.#d.leaseMarginMs ?? LEASE_MARGIN_MS),
      });
      free -= limit;
    }
    return slots;
  }

  /**
   * Sleeps until the next due head or probe, or the poll interval, whichever is first. While attempts are in
   * flight their completions wake the loop anyway, so the store is not asked.
   */
  async #arm(): Promise<void> {
    if (this.#closed) return;
    const now = this.#d.clock.now();
    let at = now + this.#d.pollIntervalMs;
    if (this.#inFlight === 0) {
      const ids = this.#d.endpoints.active().map((e) => e.id);
      const due = ids.length > 0 ? await this.#d.store.nextDueAt(ids) : undefined;
      if (due !== undefined) at = Math.min(at, due);
    }
    const probe = this.#d.circuits.nextProbeAt();
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
    this.#acquire(delivery.endpointId);
    this.#attempt(delivery).then(
      (finished) => {
        this.#finished.push(finished);
        this.#wakeSoon();
      },
      (err: unknown) => {
        // Not an outcome (send errors are outcomes): a bug. Free the slot and say so; the delivery stays in
        // flight in the store and is retried after a restart or its lease, never lost.
        this.#release(delivery.endpointId);
        this.#reportError(err);
        this.#wakeSoon();
      },
    );
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
          ? await this.#d.sender.send({
              url: endpoint.spec.url,
              timeoutMs: endpoint.spec.timeoutMs,
              ...request,
            })
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
        // The probe got through: every lane that was held back may go now. If the store is away, the lanes
        // still go at their own next attempt times.
        await this.#d.store.wakeEndpoint(endpoint.id, now).catch((err: unknown) => this.#reportError(err));
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

  #reportError(err: unknown): void {
    if (this.#d.events.listenerCount('error') > 0) {
      this.#d.events.emit('error', err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Stops claiming and waits (up to `timeoutMs`) for in-flight attempts to finish and be recorded. */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    // A cycle under way may be claiming: let it finish, so what it claims is attempted and recorded below.
    await this.#cycleDone;
    if (this.#inFlight === 0 && this.#finished.length === 0) return;
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
  return {
    statusCode: undefined,
    error,
    durationMs: 0,
    response: undefined,
    retryAfter: undefined,
    local: true,
  };
}
