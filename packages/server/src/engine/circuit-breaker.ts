/**
 * One circuit per endpoint. While an endpoint keeps failing, thousands of lanes must not each keep knocking:
 * after `threshold` consecutive failures the circuit opens, and from then on a single probe at a time speaks
 * for all of the endpoint's lanes. A successful probe closes the circuit and every lane resumes at once.
 *
 * State lives in memory: after a restart an endpoint starts closed and re-learns within `threshold` attempts.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  threshold?: number;
  /** First wait before a probe; doubles per failed probe up to `maxCooldownMs`. Default 2 s. */
  cooldownMs?: number;
  /** Default 5 min. */
  maxCooldownMs?: number;
}

export interface Circuit {
  state: CircuitState;
  failures: number;
  cooldownMs: number;
  /** When an open circuit lets its next probe through. */
  probeAt: number;
}

/** What changed when an outcome was applied; `undefined` when the state stayed the same. */
export type CircuitTransition = 'opened' | 'closed' | undefined;

export class CircuitBreakers {
  readonly #circuits = new Map<string, Circuit>();
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #maxCooldownMs: number;

  constructor(options: CircuitOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 2_000;
    this.#maxCooldownMs = options.maxCooldownMs ?? 300_000;
  }

  #get(endpointId: string): Circuit {
    let circuit = this.#circuits.get(endpointId);
    if (!circuit) {
      circuit = { state: 'closed', failures: 0, cooldownMs: this.#cooldownMs, probeAt: 0 };
      this.#circuits.set(endpointId, circuit);
    }
    return circuit;
  }

  state(endpointId: string): CircuitState {
    return this.#circuits.get(endpointId)?.state ?? 'closed';
  }

  /** How many attempts may start now: the caller's cap when closed, one probe when due, else none. */
  allowance(endpointId: string, cap: number, now: number): { slots: number; probe: boolean } {
    const circuit = this.#circuits.get(endpointId);
    if (!circuit || circuit.state === 'closed') return { slots: cap, probe: false };
    if (circuit.state === 'open' && now >= circuit.probeAt) return { slots: Math.min(cap, 1), probe: true };
    return { slots: 0, probe: false };
  }

  /** An open circuit found nothing to probe with: the next look comes after a cooldown, not at once. */
  deferProbe(endpointId: string, now: number): void {
    const circuit = this.#circuits.get(endpointId);
    if (circuit?.state === 'open') circuit.probeAt = now + circuit.cooldownMs;
  }

  /** Marks the probe as in flight, so no second one starts. */
  probeStarted(endpointId: string): void {
    this.#get(endpointId).state = 'half_open';
  }

  /** When the next probe may start, for the scheduler's timer; undefined when no circuit is open. */
  nextProbeAt(): number | undefined {
    let next: number | undefined;
    for (const c of this.#circuits.values()) {
      if (c.state === 'open' && (next === undefined || c.probeAt < next)) next = c.probeAt;
    }
    return next;
  }

  openCount(): number {
    let n = 0;
    for (const c of this.#circuits.values()) if (c.state !== 'closed') n++;
    return n;
  }

  success(endpointId: string): CircuitTransition {
    const circuit = this.#circuits.get(endpointId);
    if (!circuit) return undefined;
    const wasClosed = circuit.state === 'closed';
    circuit.state = 'closed';
    circuit.failures = 0;
    circuit.cooldownMs = this.#cooldownMs;
    return wasClosed ? undefined : 'closed';
  }

  failure(endpointId: string, now: number): CircuitTransition {
    const circuit = this.#get(endpointId);
    if (circuit.state === 'half_open') {
      // The probe failed: wait longer before the next one.
      circuit.cooldownMs = Math.min(circuit.cooldownMs * 2, this.#maxCooldownMs);
      circuit.state = 'open';
      circuit.probeAt = now + circuit.cooldownMs;
      return undefined;
    }
    circuit.failures++;
    if (circuit.state === 'closed' && circuit.failures >= this.#threshold) {
      circuit.state = 'open';
      circuit.probeAt = now + circuit.cooldownMs;
      return 'opened';
    }
    return undefined;
  }

  /** Forgets an endpoint (removed, or resumed by hand). */
  reset(endpointId: string): void {
    this.#circuits.delete(endpointId);
  }
}
