/** The Standard Webhooks half of `roomhooks verify`: explain, then let the SDK decide. */
import { parseStandardWebhookSecret, verifyStandardWebhook, WebhookError } from '@roomhooks/sdk';
import { ExitCode, UsageError } from './exit-codes.js';
import type { Output } from './output.js';
import { inspectStandard } from './standard-report.js';
import { relative, type CheckState } from './token-report.js';

export interface StandardVerifyInput {
  body: Buffer;
  secret: string;
  id: string;
  timestamp: string;
  signature: string;
  toleranceSeconds: number;
}

export function verifyStandard(out: Output, input: StandardVerifyInput): number {
  try {
    parseStandardWebhookSecret(input.secret);
  } catch (err) {
    throw new UsageError(`--standard-secret: ${(err as Error).message}`);
  }
  const nowMs = Date.now();
  const report = inspectStandard({ ...input, nowMs });
  const headers = {
    'webhook-id': input.id,
    'webhook-timestamp': input.timestamp,
    'webhook-signature': input.signature,
  };
  let failure: WebhookError | undefined;
  try {
    verifyStandardWebhook(input.body, headers, [input.secret], {
      toleranceSeconds: input.toleranceSeconds,
      now: () => nowMs,
    });
  } catch (err) {
    if (!(err instanceof WebhookError)) throw err;
    failure = err;
  }

  if (out.json) {
    out.record({
      valid: failure === undefined,
      ...(failure === undefined ? {} : { code: failure.code, message: failure.message }),
      now: Math.floor(nowMs / 1000),
      standard: report,
    });
    return failure === undefined ? ExitCode.ok : ExitCode.invalid;
  }

  const mark = (state: CheckState): string =>
    state === 'ok'
      ? out.paint('green', '✓')
      : state === 'fail'
        ? out.paint('red', '✗')
        : out.paint('yellow', '?');
  const row = (label: string, state: CheckState, text: string): void =>
    out.say(`  ${mark(state)} ${label.padEnd(12)} ${text}`);
  const { id, timestamp, signatures } = report;

  out.say(out.paint('bold', 'standard webhook'));
  row(
    'webhook-id',
    id.state,
    id.state === 'ok' ? id.value : `${JSON.stringify(id.value)} (empty or contains ".")`,
  );
  row(
    'timestamp',
    timestamp.state,
    timestamp.value === undefined
      ? `${JSON.stringify(input.timestamp)} is not whole seconds since the epoch`
      : `${new Date(timestamp.value * 1000).toISOString()}  (${relative(timestamp.value, nowMs / 1000)})${
          timestamp.state === 'fail' ? ` — beyond the ${input.toleranceSeconds}s tolerance` : ''
        }`,
  );
  const { given, matching } = signatures;
  row(
    'signature',
    matching === undefined ? 'unknown' : matching > 0 ? 'ok' : 'fail',
    given === 0
      ? 'no "v1,…" entry in webhook-signature'
      : matching === undefined
        ? `${given} v1 signature${given === 1 ? '' : 's'}, not checked (bad id or timestamp)`
        : matching > 0
          ? `${matching} of ${given} v1 signature${given === 1 ? '' : 's'} match the secret`
          : `none of ${given} v1 signature${given === 1 ? '' : 's'} matches (wrong secret, or the body, id or timestamp changed)`,
  );
  row('body', 'ok', `${report.bytes} bytes`);
  out.say(
    failure === undefined
      ? `${out.paint(['green', 'bold'], 'valid')}: webhook ${input.id}`
      : `${out.paint(['red', 'bold'], `invalid (${failure.code})`)}: ${failure.message}`,
  );
  return failure === undefined ? ExitCode.ok : ExitCode.invalid;
}
