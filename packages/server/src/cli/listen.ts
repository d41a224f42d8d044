/**
 * `roomhooks listen`: a local webhook receiver for development. It verifies every request (LiveKit, Standard
 * Webhooks or VideoSDK, by its headers), prints one line per event, answers 401 with the error code for a
 * rejected one, and can pass verified requests on, byte for byte, to the app being developed (`--forward`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  DEFAULT_MAX_BODY_BYTES,
  StandardWebhookReceiver,
  VideoSdkWebhookReceiver,
  WebhookError,
  WebhookReceiver,
} from '@roomhooks/sdk';
import { COMMON_OPTIONS, parseFlags, parseInteger } from './args.js';
import type { Command } from './command.js';
import { findKeys, KEY_OPTIONS } from './credentials.js';
import { CliFailure, EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';
import { forward } from './listen-forward.js';
import { detectScheme, verifyRequest, type EventSummary, type Verifiers } from './listen-verifiers.js';
import type { Output } from './output.js';

const HELP = `Usage: roomhooks listen [options]

Runs a local webhook receiver. Each request is verified by the headers it carries — Authorization (LiveKit
JWT), webhook-signature (Standard Webhooks) or videosdk-signature (VideoSDK) — and printed as one line: time,
event, room, participant/track, id. Rejected requests get 401 and a red line with the error code. Verified
requests can be forwarded, same body and headers, to your app; its answer is passed back.

Options:
  --port N                    port to listen on (default 3000; 0 picks a free one)
  --host H                    address to bind (default 127.0.0.1)
  --path P                    webhook path (default /webhook)
  --forward URL               pass verified requests on to URL
  --api-key K                 LiveKit key, with --api-secret S
  --api-secret S              (default: ROOMHOOKS_KEYS, else ./.roomhooks/dev-keys.json)
  --standard-secret whsec_…   accept Standard Webhooks signed with this secret
  --videosdk-public-key FILE  accept VideoSDK webhooks signed for this PEM public key
  --json                      one JSON object per line: {"listening"}, then one per request
  -h, --help                  show this help

Example:
  roomhooks listen --forward http://127.0.0.1:8080/livekit/webhook

Stop with Ctrl-C.

${EXIT_CODES_HELP}`;

function buildVerifiers(
  values: {
    'api-key'?: string | undefined;
    'api-secret'?: string | undefined;
    'standard-secret'?: string | undefined;
    'videosdk-public-key'?: string | undefined;
  },
  out: Output,
): { verifiers: Verifiers; enabled: string[] } {
  const verifiers: Verifiers = {};
  const enabled: string[] = [];
  const keys = findKeys(values, out.io);
  if (keys !== undefined) {
    verifiers.livekit = new WebhookReceiver({ keys: keys.keys });
    enabled.push(`LiveKit (${[...keys.keys.keys()].join(', ')} from ${keys.source})`);
  }
  const secret = values['standard-secret'];
  if (secret !== undefined) {
    try {
      verifiers.standard = new StandardWebhookReceiver(secret);
    } catch (err) {
      throw new UsageError(`--standard-secret: ${(err as Error).message}`);
    }
    enabled.push('Standard Webhooks');
  }
  const pemFile = values['videosdk-public-key'];
  if (pemFile !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(resolve(out.io.cwd, pemFile), 'utf8');
    } catch (err) {
      throw new CliFailure(
        'file_unreadable',
        `--videosdk-public-key: cannot read ${pemFile} (${(err as { code?: string }).code ?? 'error'})`,
      );
    }
    try {
      verifiers.videosdk = new VideoSdkWebhookReceiver(pem);
    } catch (err) {
      throw new UsageError(`--videosdk-public-key: ${(err as Error).message}`);
    }
    enabled.push('VideoSDK');
  }
  if (enabled.length === 0) {
    throw new UsageError(
      'nothing to verify with: pass --api-key/--api-secret (or set ROOMHOOKS_KEYS, or run `roomhooks serve` here once), --standard-secret or --videosdk-public-key',
    );
  }
  return { verifiers, enabled };
}

/** Reads the body, up to one byte past the SDK's default limit so the receiver can report `body_too_large`. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= DEFAULT_MAX_BODY_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function describeEvent(out: Output, s: EventSummary): string {
  return [
    out.paint('gray', clock()),
    out.paint('cyan', s.event.padEnd(30)),
    s.room ?? '-',
    s.subject ?? '-',
    out.paint('gray', s.id ?? '-'),
  ].join('  ');
}

export const listenCommand: Command = {
  name: 'listen',
  summary: 'run a local receiver that verifies and prints webhooks',
  help: HELP,
  async run(argv, out) {
    const { values } = parseFlags({
      args: argv,
      strict: true,
      options: {
        ...COMMON_OPTIONS,
        ...KEY_OPTIONS,
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        path: { type: 'string', default: '/webhook' },
        forward: { type: 'string' },
        'standard-secret': { type: 'string' },
        'videosdk-public-key': { type: 'string' },
      },
    });
    const port = parseInteger('--port', values.port, 0, 65535);
    const path = values.path.startsWith('/') ? values.path : `/${values.path}`;
    const target = values.forward;
    if (target !== undefined && !/^https?:\/\/./.test(target)) {
      throw new UsageError(`--forward: expected an http(s) URL, got ${JSON.stringify(target)}`);
    }
    const { verifiers, enabled } = buildVerifiers(values, out);

    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== path) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: webhooks go to ${path}\n`);
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('method not allowed\n');
        return;
      }
      const body = await readBody(req);
      let summary: EventSummary;
      try {
        summary = await verifyRequest(verifiers, body, req.headers);
      } catch (err) {
        const error = err instanceof WebhookError ? err : new WebhookError('malformed_body', String(err));
        const scheme = detectScheme(req.headers);
        // The SDK's status per code: 401 for anything about the signature, 413/400 for size and shape. A key
        // that cannot be used (invalid_key, 500) still means the request was not authenticated: 401.
        const status = error.status === 500 ? 401 : error.status;
        out.emit(
          [
            out.paint('gray', clock()),
            out.paint(['red', 'bold'], `✗ rejected ${scheme}`),
            out.paint('red', error.code),
            error.message,
          ].join('  '),
          {
            time: new Date().toISOString(),
            rejected: true,
            scheme,
            code: error.code,
            message: error.message,
            status,
          },
        );
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.toJSON() }));
        return;
      }
      const record = {
        time: new Date().toISOString(),
        scheme: summary.scheme,
        event: summary.event,
        room: summary.room ?? null,
        subject: summary.subject ?? null,
        id: summary.id ?? null,
      };
      if (target === undefined) {
        out.emit(describeEvent(out, summary), { ...record, status: 200 });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        return;
      }
      const started = Date.now();
      try {
        const answer = await forward(target, req, body);
        const ms = Date.now() - started;
        const status =
          answer.status < 300
            ? out.paint('green', `→ ${answer.status}`)
            : out.paint('yellow', `→ ${answer.status}`);
        out.emit(`${describeEvent(out, summary)}  ${status} ${out.paint('gray', `${ms}ms`)}`, {
          ...record,
          status: answer.status,
          forwarded: { status: answer.status, ms },
        });
        res.writeHead(answer.status, answer.headers).end(answer.body);
      } catch (err) {
        const reason = (err as { code?: string }).code ?? (err as Error).message;
        out.emit(`${describeEvent(out, summary)}  ${out.paint('red', `→ forward failed: ${reason}`)}`, {
          ...record,
          status: 502,
          forwarded: { error: reason },
        });
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'forward_failed', message: `could not reach ${target}: ${reason}` },
          }),
        );
      }
    };

    const server = createServer((req, res) => {
      handle(req, res).catch((err: unknown) => {
        out.error('internal', (err as Error).message);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new CliFailure('address_in_use', `port ${port} is in use; pick another with --port`)
            : err,
        );
      });
      server.listen(port, values.host, () => resolvePromise());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const listening = `http://${host}:${address.port}${path}`;
    out.emit(
      `${out.paint('green', 'listening')} on ${out.paint('bold', listening)}${target === undefined ? '' : ` → forwarding to ${target}`}\n${out.paint('gray', `verifying: ${enabled.join('; ')}. Ctrl-C to stop.`)}`,
      { listening, forward: target ?? null, verifying: enabled },
    );

    // Runs until Ctrl-C or SIGTERM; open keep-alive connections are dropped so the process ends at once. The
    // handler stays installed until then: a second signal (Ctrl-C is also relayed by the launcher) is a no-op.
    let stop = (): void => {};
    await new Promise<void>((resolvePromise) => {
      stop = (): void => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    out.note('stopped');
    return ExitCode.ok;
  },
};
