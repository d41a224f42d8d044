/** Prometheus metrics of one notifier, on a registry of its own so several notifiers can live in one process. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/contract.js';

export interface EngineMetrics {
  registry: Registry;
  published: Counter;
  attempts: Counter<'outcome'>;
  attemptDuration: Histogram;
}

export function createEngineMetrics(
  store: Store,
  openCircuits: () => number,
  registry = new Registry(),
): EngineMetrics {
  const published = new Counter({
    name: 'roomhooks_events_published_total',
    help: 'Events stored by publish (duplicates excluded).',
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'roomhooks_delivery_attempts_total',
    help: 'Delivery attempts by outcome: delivered, retry, failed, abandoned.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const attemptDuration = new Histogram({
    name: 'roomhooks_delivery_attempt_duration_seconds',
    help: 'Time from sending a delivery to its response or error.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'roomhooks_lane_backlog',
    help: 'Deliveries queued, pending or in flight, per endpoint.',
    labelNames: ['endpoint'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [endpoint, n] of await store.backlog()) this.set({ endpoint }, n);
    },
  });
  new Gauge({
    name: 'roomhooks_open_circuits',
    help: 'Endpoints whose circuit is open or probing.',
    registers: [registry],
    collect() {
      this.set(openCircuits());
    },
  });
  return { registry, published, attempts, attemptDuration };
}
