/**
 * Endpoint definitions: what users write (`EndpointOptions`) and the validated, normalised form the engine and
 * store keep (`EndpointSpec`). Validation happens once, here, with errors that name the offending field.
 */
import { RoomhooksError } from '../errors.js';
import { DEFAULT_RETRY, LIVEKIT_RETRY, type RetrySchedule } from './retry-policy.js';

export type EndpointFormat = 'livekit' | 'standard' | 'videosdk';
export type OrderingMode = 'resource' | 'endpoint' | 'none';

export const ENDPOINT_FORMATS: readonly EndpointFormat[] = ['livekit', 'standard', 'videosdk'];
export const ORDERING_MODES: readonly OrderingMode[] = ['resource', 'endpoint', 'none'];

/** How an endpoint retries: a preset, or delays in ms before each attempt (the first is usually 0). */
export type RetryOption = 'default' | 'livekit' | { schedule: readonly number[]; jitter?: number };

/** An endpoint as users define it. Only `url` is required. */
export interface EndpointOptions {
  /** Stable id; generated when absent. */
  id?: string;
  url: string;
  /** Which configured API key signs `livekit`-format deliveries; defaults to the first key. */
  apiKey?: string;
  /** Wire format: LiveKit's JWT + protobuf-JSON (default), Standard Webhooks, or VideoSDK. */
  format?: EndpointFormat;
  /** LiveKit's filter rule: a non-empty `include` wins; otherwise `exclude` applies. */
  events?: { include?: readonly string[]; exclude?: readonly string[] };
  /** `resource` (default): one lane per room/egress/ingress; `endpoint`: strict FIFO; `none`: unordered. */
  ordering?: OrderingMode;
  retry?: RetryOption;
  /** Per-attempt timeout; default 10 s. */
  timeoutMs?: number;
  /** Attempts in flight at once for this endpoint; default 64. */
  maxConcurrency?: number;
  /** `whsec_…` secret for the `standard` format; generated when absent. */
  secret?: string;
  description?: string;
}

/** The normalised endpoint definition, as stored. */
export interface EndpointSpec {
  url: string;
  apiKey: string | undefined;
  format: EndpointFormat;
  events: { include: string[]; exclude: string[] };
  ordering: OrderingMode;
  retry: RetrySchedule;
  timeoutMs: number;
  maxConcurrency: number;
  secret: string | undefined;
  description: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONCURRENCY = 64;

function fail(where: string, message: string): never {
  throw new RoomhooksError('invalid_endpoint', `${where}: ${message}`);
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    fail(where, 'expected a list of event names');
  }
  return [...(value as string[])];
}

function positiveInt(value: unknown, where: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(where, `expected an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function retrySchedule(value: unknown, where: string): RetrySchedule {
  if (value === undefined || value === 'default') return DEFAULT_RETRY;
  if (value === 'livekit') return LIVEKIT_RETRY;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, `expected 'default', 'livekit' or { schedule: [ms, …], jitter? }`);
  }
  const { schedule, jitter } = value as { schedule?: unknown; jitter?: unknown };
  if (
    !Array.isArray(schedule) ||
    schedule.length === 0 ||
    schedule.length > 100 ||
    schedule.some((d) => typeof d !== 'number' || !Number.isFinite(d) || d < 0)
  ) {
    fail(`${where}.schedule`, 'expected 1 to 100 non-negative delays in milliseconds');
  }
  if (jitter !== undefined && (typeof jitter !== 'number' || jitter < 0 || jitter >= 1)) {
    fail(`${where}.jitter`, 'expected a fraction from 0 to below 1 (e.g. 0.2 for ±20 %)');
  }
  return { delaysMs: [...(schedule as number[])], jitter: jitter ?? 0 };
}

/**
 * Validates user input into an {@link EndpointSpec}. `where` prefixes error messages (e.g. `endpoints[2]`).
 * `knownApiKeys` guards against typos in `apiKey`.
 */
export function parseEndpointOptions(
  input: unknown,
  where: string,
  knownApiKeys: readonly string[],
): EndpointSpec & { id: string | undefined } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(where, 'expected an object');
  const o = input as Record<string, unknown>;
  const known = new Set([
    'id',
    'url',
    'apiKey',
    'format',
    'events',
    'ordering',
    'retry',
    'timeoutMs',
    'maxConcurrency',
    'secret',
    'description',
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) fail(`${where}.${key}`, 'unknown option');

  if (o.id !== undefined && (typeof o.id !== 'string' || !/^[\w.-]{1,64}$/.test(o.id))) {
    fail(`${where}.id`, 'expected 1–64 letters, digits, `_`, `.` or `-`');
  }
  if (typeof o.url !== 'string') fail(`${where}.url`, 'required, a http(s) URL');
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    fail(`${where}.url`, `not a valid URL: ${JSON.stringify(o.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${where}.url`, 'must be http or https');
  if (url.username || url.password) fail(`${where}.url`, 'must not carry credentials');

  const format = o.format ?? 'livekit';
  if (!ENDPOINT_FORMATS.includes(format as EndpointFormat)) {
    fail(`${where}.format`, `expected one of ${ENDPOINT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  const ordering = o.ordering ?? 'resource';
  if (!ORDERING_MODES.includes(ordering as OrderingMode)) {
    fail(
      `${where}.ordering`,
      `expected one of ${ORDERING_MODES.join(', ')}, got ${JSON.stringify(ordering)}`,
    );
  }
  if (o.apiKey !== undefined && (typeof o.apiKey !== 'string' || !knownApiKeys.includes(o.apiKey))) {
    fail(`${where}.apiKey`, `${JSON.stringify(o.apiKey)} is not one of the configured keys`);
  }
  if (o.secret !== undefined && (typeof o.secret !== 'string' || !o.secret.startsWith('whsec_'))) {
    fail(`${where}.secret`, 'expected a Standard Webhooks secret starting with whsec_');
  }
  if (o.description !== undefined && typeof o.description !== 'string') {
    fail(`${where}.description`, 'expected a string');
  }
  const events = o.events ?? {};
  if (typeof events !== 'object' || events === null || Array.isArray(events)) {
    fail(`${where}.events`, 'expected { include?: [...], exclude?: [...] }');
  }
  const { include, exclude, ...rest } = events as Record<string, unknown>;
  for (const key of Object.keys(rest)) fail(`${where}.events.${key}`, 'unknown option');

  return {
    id: o.id as string | undefined,
    url: url.toString(),
    apiKey: o.apiKey as string | undefined,
    format: format as EndpointFormat,
    events: {
      include: stringList(include, `${where}.events.include`),
      exclude: stringList(exclude, `${where}.events.exclude`),
    },
    ordering: ordering as OrderingMode,
    retry: retrySchedule(o.retry, `${where}.retry`),
    timeoutMs: positiveInt(o.timeoutMs, `${where}.timeoutMs`, DEFAULT_TIMEOUT_MS, 300_000),
    maxConcurrency: positiveInt(o.maxConcurrency, `${where}.maxConcurrency`, DEFAULT_MAX_CONCURRENCY, 10_000),
    secret: o.secret as string | undefined,
    description: o.description as string | undefined,
  };
}
