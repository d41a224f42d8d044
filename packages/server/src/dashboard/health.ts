/**
 * Endpoint health for the dashboard, read from the store: success rate and p95 latency over the most recent
 * attempts, the backlog, the circuit state the engine last reported, and the last error.
 */
import type { Notifier } from '../engine/notifier.js';
import type { AttemptRow } from '../store/contract.js';

export interface EndpointHealth {
  id: string;
  url: string;
  format: string;
  description: string | undefined;
  state: string;
  stateReason: string | undefined;
  circuit: 'open' | 'closed';
  /** Deliveries waiting or in flight. */
  backlog: number;
  recent: {
    /** How many attempts the figures cover (at most {@link HealthOptions.attempts}). */
    attempts: number;
    /** Share of those attempts answered with a 2xx, from 0 to 1; null without attempts. */
    successRate: number | null;
    p95Ms: number | null;
    lastSuccessAt: number | null;
    lastError: {
      at: number;
      statusCode: number | null;
      error: string | null;
      response: string | null;
    } | null;
  };
}

export interface HealthOptions {
  /** Most recent deliveries read per endpoint; default 50. */
  deliveries?: number;
  /** Most recent attempts the figures cover; default 100. */
  attempts?: number;
}

/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Figures over attempts (any order). */
export function summarizeAttempts(attempts: readonly AttemptRow[], max = 100): EndpointHealth['recent'] {
  const recent = [...attempts].sort((a, b) => b.startedAt - a.startedAt || b.id - a.id).slice(0, max);
  const ok = recent.filter((a) => a.outcome === 'delivered');
  const failure = recent.find((a) => a.outcome !== 'delivered');
  return {
    attempts: recent.length,
    successRate: recent.length === 0 ? null : ok.length / recent.length,
    p95Ms: percentile(
      recent.map((a) => a.durationMs).sort((a, b) => a - b),
      0.95,
    ),
    lastSuccessAt: ok[0]?.startedAt ?? null,
    lastError:
      failure === undefined
        ? null
        : {
            at: failure.startedAt,
            statusCode: failure.statusCode ?? null,
            error: failure.error ?? null,
            response: failure.response === undefined ? null : failure.response.slice(0, 300),
          },
  };
}

export async function endpointHealth(
  notifier: Notifier,
  circuitOf: (endpointId: string) => 'open' | 'closed',
  options: HealthOptions = {},
): Promise<EndpointHealth[]> {
  const backlog = await notifier.store.backlog();
  return Promise.all(
    notifier.listEndpoints().map(async (endpoint) => {
      const deliveries = await notifier.store.listDeliveries({
        endpointId: endpoint.id,
        limit: options.deliveries ?? 50,
      });
      const attempted = deliveries.filter((d) => d.status !== 'queued' && d.status !== 'not_applicable');
      const attempts = (await Promise.all(attempted.map((d) => notifier.store.listAttempts(d.id)))).flat();
      return {
        id: endpoint.id,
        url: endpoint.url,
        format: endpoint.format,
        description: endpoint.description,
        state: endpoint.state,
        stateReason: endpoint.stateReason,
        circuit: circuitOf(endpoint.id),
        backlog: backlog.get(endpoint.id) ?? 0,
        recent: summarizeAttempts(attempts, options.attempts ?? 100),
      };
    }),
  );
}
