/**
 * `roomhooks verify` for Standard Webhooks: the id, the timestamp against this clock, and which of the
 * `webhook-signature` entries match the secret. As for LiveKit tokens, the verdict itself is the SDK's
 * `verifyStandardWebhook`; this only explains it.
 */
import { signStandardWebhook } from '@roomhooks/sdk';
import type { CheckState } from './token-report.js';

export interface StandardReport {
  id: { value: string; state: CheckState };
  timestamp: { value: number | undefined; state: CheckState };
  /** How many `v1,` entries the header has, and how many match the secret (undefined: not checkable). */
  signatures: { given: number; matching: number | undefined };
  bytes: number;
}

export interface StandardReportInput {
  body: Uint8Array;
  id: string;
  timestamp: string;
  signature: string;
  /** A `whsec_` secret, already checked to parse. */
  secret: string;
  nowMs: number;
  toleranceSeconds: number;
}

export function inspectStandard(input: StandardReportInput): StandardReport {
  const idOk = input.id !== '' && !input.id.includes('.');
  const timestamp = /^\d{1,15}$/.test(input.timestamp) ? Number(input.timestamp) : undefined;
  const skew = timestamp === undefined ? Infinity : Math.abs(timestamp - input.nowMs / 1000);
  const given = input.signature
    .trim()
    .split(/\s+/)
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3));

  let matching: number | undefined;
  if (idOk && timestamp !== undefined) {
    const expected = signStandardWebhook({
      id: input.id,
      timestamp,
      body: input.body,
      secrets: [input.secret],
    });
    const mine = Buffer.from(expected['webhook-signature'].slice(3), 'base64');
    matching = given.filter((s) => Buffer.from(s, 'base64').equals(mine)).length;
  }
  return {
    id: { value: input.id, state: idOk ? 'ok' : 'fail' },
    timestamp: {
      value: timestamp,
      state: timestamp === undefined ? 'fail' : skew > input.toleranceSeconds ? 'fail' : 'ok',
    },
    signatures: { given: given.length, matching },
    bytes: input.body.byteLength,
  };
}
