/**
 * Publishing for `roomhooks simulate`: events go out when they fall due (wall time maps onto simulated time),
 * at most `rate` per second, in batches, one request at a time, with a progress bar and a clean stop on Ctrl-C.
 */
import type { SimulatedEvent } from '../simulate/index.js';
import { callApi, type ApiCredentials } from './api-client.js';
import type { Output } from './output.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PublishPlan {
  events: SimulatedEvent[];
  startMs: number;
  /** Events per second at most; Infinity for none. */
  rate: number;
  batch: number;
  url: string;
  credentials: ApiCredentials;
  durationMs: number;
}

export interface PublishResult {
  published: number;
  duplicates: number;
  elapsedMs: number;
  interrupted: boolean;
}

export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Publishes events when they fall due (wall time maps onto simulated time), at most `rate` per second (a token
 * bucket holding one second's worth), at most `batch` per request, one request at a time.
 */
export async function publishPaced(plan: PublishPlan, out: Output): Promise<PublishResult> {
  const { events, rate, batch } = plan;
  const wallStart = Date.now();
  const dueAt = (e: SimulatedEvent): number => wallStart + (e.at - plan.startMs);
  let next = 0;
  let duplicates = 0;
  let tokens = Number.isFinite(rate) ? Math.min(rate, batch) : Infinity;
  let refilledAt = wallStart;
  let interrupted = false;
  const controller = new AbortController();
  const stop = (): void => {
    interrupted = true;
    controller.abort();
  };
  // Kept until the end, so a repeated signal (Ctrl-C is also relayed by the launcher) is harmless.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    while (next < events.length && !interrupted) {
      const now = Date.now();
      if (Number.isFinite(rate)) {
        tokens = Math.min(Math.max(rate, 1), tokens + ((now - refilledAt) / 1000) * rate);
        refilledAt = now;
      }
      let due = next;
      while (due < events.length && dueAt(events[due]!) <= now) due++;
      const take = Math.min(due - next, Math.floor(tokens), batch);
      if (take <= 0) {
        // Sleep until the next event is due or a token arrives, but wake often enough to redraw the bar.
        const untilDue = next < due ? Infinity : dueAt(events[next]!) - now;
        const untilToken = Number.isFinite(rate) ? ((1 - (tokens % 1)) / rate) * 1000 : Infinity;
        await sleep(Math.max(5, Math.min(untilDue, untilToken, 250)));
        out.progress(
          next,
          events.length,
          `events  ${clockText(Date.now() - wallStart)}/${clockText(plan.durationMs)}`,
        );
        continue;
      }
      const slice = events.slice(next, next + take);
      const answer = await callApi<{ duplicates?: string[] }>({
        baseUrl: plan.url,
        method: 'POST',
        path: '/v1/events',
        credentials: plan.credentials,
        body: slice.map((e) => e.event),
        signal: controller.signal,
      }).catch((err: unknown): { duplicates?: string[] } => {
        if (interrupted) return {};
        throw err;
      });
      if (interrupted) break;
      duplicates += answer?.duplicates?.length ?? 0;
      tokens -= take;
      next += take;
      out.progress(
        next,
        events.length,
        `events  ${clockText(Date.now() - wallStart)}/${clockText(plan.durationMs)}`,
      );
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    out.endProgress();
  }
  return { published: next, duplicates, elapsedMs: Date.now() - wallStart, interrupted };
}
