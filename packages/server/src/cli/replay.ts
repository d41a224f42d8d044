/** `roomhooks replay`: queues every stored event since a time to one endpoint again. */
import { callApi } from './api-client.js';
import { COMMON_OPTIONS, parseFlags, parseTime, required } from './args.js';
import type { Command } from './command.js';
import { KEY_OPTIONS, requireKeys, serverUrl, URL_OPTION } from './credentials.js';
import { EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';

const HELP = `Usage: roomhooks replay --endpoint <id> --since <time> [options]

Asks the server (POST /v1/endpoints/<id>/replay) to deliver every stored event since <time> to one endpoint
again, with the endpoint's filter applied, and prints how many were queued. Receivers see the original
event ids, so a receiver that dedupes by id ignores what it already handled.

Options:
  --endpoint ID     the endpoint (see GET /v1/endpoints)
  --since TIME      a duration ago (30m, 1h, 2d), an ISO time, or Unix seconds
  --url URL         server (default: ROOMHOOKS_URL, the dev file, or http://127.0.0.1:7890)
  --api-key K       key that signs the request, with --api-secret S
  --api-secret S    (default: ROOMHOOKS_KEYS, else ./.roomhooks/dev-keys.json)
  --json            print {"endpoint","since","queued"}
  -h, --help        show this help

Example:
  roomhooks replay --endpoint EP_3kLk2fJ4z9Qa --since 1h

${EXIT_CODES_HELP}`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'deliver stored events since a time to an endpoint again',
  help: HELP,
  async run(argv, out) {
    const { values } = parseFlags({
      args: argv,
      strict: true,
      options: {
        ...COMMON_OPTIONS,
        ...KEY_OPTIONS,
        ...URL_OPTION,
        endpoint: { type: 'string' },
        since: { type: 'string' },
      },
    });
    const endpoint = required('--endpoint', values.endpoint);
    if (endpoint === '') throw new UsageError('--endpoint is empty');
    const since = new Date(parseTime('--since', required('--since', values.since), Date.now())).toISOString();
    const keys = requireKeys(values, out.io);
    const url = serverUrl(values.url, out.io);

    if (out.interactive) out.io.stderr.write(out.paint('gray', `replaying ${endpoint} since ${since}…`));
    let answer: { queued?: unknown };
    try {
      answer = await callApi<{ queued?: unknown }>({
        baseUrl: url,
        method: 'POST',
        path: `/v1/endpoints/${encodeURIComponent(endpoint)}/replay`,
        credentials: keys,
        body: { since },
      });
    } finally {
      if (out.interactive) out.io.stderr.write('\r\x1b[2K');
    }
    const queued = typeof answer?.queued === 'number' ? answer.queued : 0;
    out.emit(
      `${out.paint('green', '✓')} queued ${out.paint('bold', String(queued))} event${queued === 1 ? '' : 's'} for ${endpoint} since ${since}`,
      { endpoint, since, queued },
    );
    return ExitCode.ok;
  },
};
