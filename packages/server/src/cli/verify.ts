/**
 * `roomhooks verify`: checks a LiveKit webhook (body + Authorization token) and explains exactly why it passes
 * or fails: algorithm, issuer and whether its key is known, signature, nbf/exp against this machine's clock,
 * and the body's SHA-256 against the token's claim. Exit 0 when valid, 3 when not.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyLiveKitWebhook, WebhookError, type KeyProvider } from '@roomhooks/sdk';
import { COMMON_OPTIONS, parseFlags, parsePositive, required } from './args.js';
import type { Command } from './command.js';
import { DEV_KEYS_FILE, findKeys, KEY_OPTIONS } from './credentials.js';
import { CliFailure, EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';
import type { Output } from './output.js';
import { verifyStandard } from './verify-standard.js';
import { formatSpan, inspectToken, relative, type CheckState, type TokenReport } from './token-report.js';

const HELP = `Usage: roomhooks verify --body <file> --auth <token> [options]
       roomhooks verify --body <file> --standard-secret whsec_… --webhook-id ID --webhook-timestamp T
                        --webhook-signature "v1,…"

Verifies a LiveKit webhook the way a receiver does (the SDK's verifyLiveKitWebhook) and explains the result:
the token's algorithm and issuer, whether that API key is known, the signature, nbf/exp against this
machine's clock (with the difference), the body's SHA-256 against the token's "sha256" claim, and the
verdict with its error code (e.g. body_hash_mismatch, invalid_signature, token_expired, unknown_api_key).
With the webhook-* flags it does the same for Standard Webhooks.

Options:
  --body FILE           the exact body as received ("-" reads stdin); re-serialised JSON will not match
  --auth TOKEN          the Authorization header value (a JWT, "Bearer " optional)
  --api-key K           the key to check against, with --api-secret S
  --api-secret S        (default: ROOMHOOKS_KEYS, else ./.roomhooks/dev-keys.json)
  --clock-tolerance S   allowed clock skew, seconds (default 60 for LiveKit, as its Go receiver; 300 for
                        Standard Webhooks, as the spec's libraries)

Standard Webhooks (instead of --auth): the three webhook-* header values and the endpoint's secret; the
report shows the id, the timestamp against this clock, and how many v1 signatures match.
  --standard-secret S   the whsec_… secret
  --webhook-id, --webhook-timestamp, --webhook-signature   the header values
  --json                print one object: {"valid","code","message","token","body"}
  -h, --help            show this help

Example:
  roomhooks verify --body ./body.json --auth "$(cat auth.txt)" --api-key APIkey --api-secret secret

${EXIT_CODES_HELP}`;

function readBody(path: string, cwd: string): Buffer {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(resolve(cwd, path));
  } catch (err) {
    throw new CliFailure(
      'file_unreadable',
      `--body: cannot read ${path} (${(err as { code?: string }).code ?? 'error'})`,
    );
  }
}

function render(
  out: Output,
  report: TokenReport,
  nowMs: number,
  tolerance: number,
  source: string | undefined,
): void {
  const mark = (state: CheckState): string =>
    state === 'ok'
      ? out.paint('green', '✓')
      : state === 'fail'
        ? out.paint('red', '✗')
        : out.paint('yellow', '?');
  const row = (label: string, state: CheckState, text: string): void =>
    out.say(`  ${mark(state)} ${label.padEnd(12)} ${text}`);
  const now = nowMs / 1000;
  const when = (s: number): string => `${new Date(s * 1000).toISOString()}  (${relative(s, now)})`;

  out.say(out.paint('bold', 'token'));
  if (report.shape === 'fail')
    row('shape', 'fail', 'not three base64url parts of JSON (header.payload.signature)');
  const alg = report.algorithm.value;
  row(
    'algorithm',
    report.algorithm.state,
    alg === undefined ? 'absent' : alg === 'HS256' ? alg : `${alg} (only HS256 is accepted)`,
  );
  const iss = report.issuer.value;
  row(
    'issuer',
    iss === undefined ? 'fail' : report.issuer.known ? 'ok' : 'fail',
    iss === undefined
      ? 'no "iss" claim'
      : report.issuer.known
        ? `${iss}, a known key (${source ?? 'keys'})`
        : source === undefined
          ? `${iss}, unknown: no keys found (--api-key/--api-secret, ROOMHOOKS_KEYS or ${DEV_KEYS_FILE})`
          : `${iss}, unknown: not among the keys from ${source}`,
  );
  row(
    'signature',
    report.signature,
    report.signature === 'ok'
      ? `matches the secret of ${iss ?? '?'}`
      : report.signature === 'fail'
        ? `does not match the secret of ${iss ?? '?'} (wrong secret, or the token was altered)`
        : 'not checked (no secret for this issuer)',
  );
  if (report.iat !== undefined) {
    const skew = report.clockSkewSeconds ?? 0;
    // LiveKit sets iat = nbf = now when signing, so a future iat means the signer's clock runs ahead.
    const note = skew > 1 ? `; the signer's clock is ${formatSpan(skew)} ahead of this machine's` : '';
    row('issued', 'ok', `${when(report.iat)}${note}`);
  }
  const nbf = report.nbf.value;
  const beyond = ` — beyond the ${tolerance}s clock tolerance`;
  if (nbf !== undefined)
    row('not before', report.nbf.state, when(nbf) + (report.nbf.state === 'fail' ? beyond : ''));
  const exp = report.exp.value;
  row(
    'expires',
    report.exp.state,
    exp === undefined
      ? 'no numeric "exp" claim (required)'
      : when(exp) + (report.exp.state === 'fail' ? beyond : ''),
  );
  out.say(out.paint('bold', 'body'));
  row('sha256', 'ok', `${report.body.sha256}  (${report.body.bytes} bytes)`);
  row(
    'claim',
    report.body.state,
    report.body.claimed === undefined
      ? 'no "sha256" claim'
      : report.body.state === 'ok'
        ? `${report.body.claimed}  matches the body`
        : `${report.body.claimed}  differs: the body was altered or re-serialised`,
  );
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a LiveKit webhook signature and explain why it fails',
  help: HELP,
  async run(argv, out) {
    const { values } = parseFlags({
      args: argv,
      strict: true,
      options: {
        ...COMMON_OPTIONS,
        ...KEY_OPTIONS,
        body: { type: 'string' },
        auth: { type: 'string' },
        'clock-tolerance': { type: 'string' },
        'standard-secret': { type: 'string' },
        'webhook-id': { type: 'string' },
        'webhook-timestamp': { type: 'string' },
        'webhook-signature': { type: 'string' },
      },
    });
    const bodyPath = required('--body', values.body);
    const standard = [
      values['standard-secret'],
      values['webhook-id'],
      values['webhook-timestamp'],
      values['webhook-signature'],
    ].some((v) => v !== undefined);
    const toleranceFlag = values['clock-tolerance'];
    if (standard) {
      if (values.auth !== undefined)
        throw new UsageError('give either --auth (LiveKit) or the --webhook-* flags');
      const input = {
        secret: required('--standard-secret', values['standard-secret']),
        id: required('--webhook-id', values['webhook-id']),
        timestamp: required('--webhook-timestamp', values['webhook-timestamp']),
        signature: required('--webhook-signature', values['webhook-signature']),
        toleranceSeconds:
          toleranceFlag === undefined ? 300 : parsePositive('--clock-tolerance', toleranceFlag),
      };
      return verifyStandard(out, { ...input, body: readBody(bodyPath, out.io.cwd) });
    }
    const auth = required('--auth', values.auth);
    const tolerance = toleranceFlag === undefined ? 60 : parsePositive('--clock-tolerance', toleranceFlag);
    const keys = findKeys(values, out.io);
    const body = readBody(bodyPath, out.io.cwd);
    const nowMs = Date.now();
    const provider: KeyProvider = { getSecret: (apiKey) => keys?.keys.get(apiKey) };

    const report = inspectToken({
      body,
      token: auth,
      secretFor: (apiKey) => provider.getSecret(apiKey),
      nowMs,
      toleranceSeconds: tolerance,
    });
    // The verdict is the SDK's: the report above only explains it.
    let failure: WebhookError | undefined;
    try {
      verifyLiveKitWebhook(body, auth, provider, { clockToleranceSeconds: tolerance, now: () => nowMs });
    } catch (err) {
      if (!(err instanceof WebhookError)) throw err;
      failure = err;
    }

    if (out.json) {
      out.record({
        valid: failure === undefined,
        ...(failure === undefined ? {} : { code: failure.code, message: failure.message }),
        now: Math.floor(nowMs / 1000),
        token: {
          algorithm: report.algorithm.value ?? null,
          issuer: report.issuer.value ?? null,
          keyKnown: report.issuer.known,
          signature: report.signature,
          iat: report.iat ?? null,
          nbf: report.nbf.value ?? null,
          exp: report.exp.value ?? null,
          clockSkewSeconds: report.clockSkewSeconds ?? null,
        },
        body: report.body,
      });
    } else {
      render(out, report, nowMs, tolerance, keys?.source);
      out.say(
        failure === undefined
          ? `${out.paint(['green', 'bold'], 'valid')}: signed by ${report.issuer.value ?? '?'}`
          : `${out.paint(['red', 'bold'], `invalid (${failure.code})`)}: ${failure.message}`,
      );
    }
    return failure === undefined ? ExitCode.ok : ExitCode.invalid;
  },
};
