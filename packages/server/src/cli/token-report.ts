/**
 * Takes a LiveKit webhook token apart, check by check, for `roomhooks verify`. The verdict itself comes from the
 * SDK's `verifyLiveKitWebhook`, so this report can never disagree with what a receiver decides: it only
 * explains it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type CheckState = 'ok' | 'fail' | 'unknown';

export interface TokenReport {
  shape: CheckState;
  algorithm: { value: string | undefined; state: CheckState };
  issuer: { value: string | undefined; known: boolean };
  signature: CheckState;
  /** Claims in seconds since the epoch, when present and numeric. */
  iat: number | undefined;
  nbf: { value: number | undefined; state: CheckState };
  exp: { value: number | undefined; state: CheckState };
  /** How far the signer's clock seems ahead of ours (iat − now), seconds; undefined without `iat`. */
  clockSkewSeconds: number | undefined;
  body: { bytes: number; sha256: string; claimed: string | undefined; state: CheckState };
}

export interface ReportInput {
  body: Uint8Array;
  token: string;
  /** The secret for a given key, when known. */
  secretFor: (apiKey: string) => string | undefined;
  nowMs: number;
  toleranceSeconds: number;
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Strips a `Bearer ` scheme, as receivers do. */
export function bareToken(authorization: string): string {
  return authorization.trim().replace(/^bearer\s+/i, '');
}

export function inspectToken(input: ReportInput): TokenReport {
  const token = bareToken(input.token);
  const parts = token.split('.');
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  const shape: CheckState =
    parts.length === 3 && header !== undefined && claims !== undefined ? 'ok' : 'fail';

  const alg = typeof header?.['alg'] === 'string' ? header['alg'] : undefined;
  const iss = typeof claims?.['iss'] === 'string' ? claims['iss'] : undefined;
  const secret = iss === undefined ? undefined : input.secretFor(iss);

  let signature: CheckState = 'unknown';
  if (secret !== undefined && shape === 'ok' && alg === 'HS256') {
    const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2] ?? '', 'base64url');
    signature = given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'fail';
  }

  const now = input.nowMs / 1000;
  const tolerance = input.toleranceSeconds;
  const iat = num(claims?.['iat']);
  const nbf = num(claims?.['nbf']);
  const exp = num(claims?.['exp']);

  const digest = createHash('sha256').update(input.body).digest();
  const claimed = typeof claims?.['sha256'] === 'string' ? claims['sha256'] : undefined;
  let bodyState: CheckState = 'unknown';
  if (claimed !== undefined) {
    const expected = Buffer.from(claimed, 'base64');
    bodyState = expected.length === digest.length && timingSafeEqual(expected, digest) ? 'ok' : 'fail';
  }

  return {
    shape,
    algorithm: { value: alg, state: alg === undefined ? 'unknown' : alg === 'HS256' ? 'ok' : 'fail' },
    issuer: { value: iss, known: secret !== undefined },
    signature,
    iat,
    nbf: { value: nbf, state: nbf === undefined ? 'unknown' : now + tolerance < nbf ? 'fail' : 'ok' },
    exp: { value: exp, state: exp === undefined ? 'fail' : now - tolerance > exp ? 'fail' : 'ok' },
    clockSkewSeconds: iat === undefined ? undefined : Math.round(iat - now),
    body: { bytes: input.body.byteLength, sha256: digest.toString('base64'), claimed, state: bodyState },
  };
}

/** `4m 12s`, `2h 5m`, `3d 1h`: the two largest units of a duration in seconds. */
export function formatSpan(seconds: number): string {
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s}s`;
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const out: string[] = [];
  for (const [unit, size] of units) {
    if (s >= size && out.length < 2) {
      out.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    } else if (out.length > 0) {
      break;
    }
  }
  return out.join(' ');
}

/** `in 4m 12s` or `4m 12s ago`, for a time in seconds relative to now in seconds. */
export function relative(atSeconds: number, nowSeconds: number): string {
  const delta = atSeconds - nowSeconds;
  if (Math.abs(delta) < 1) return 'now';
  return delta > 0 ? `in ${formatSpan(delta)}` : `${formatSpan(delta)} ago`;
}
