/** `roomhooks send EVENT`: publishes one realistic sample event of any catalog type to the server. */
import { randomBytes } from 'node:crypto';
import { isWebhookEventName, sampleWebhookEvent, WEBHOOK_EVENT_NAMES } from '@roomhooks/sdk';
import { callApi } from './api-client.js';
import { COMMON_OPTIONS, parseFlags, parseTime } from './args.js';
import type { Command } from './command.js';
import { KEY_OPTIONS, requireKeys, serverUrl, URL_OPTION } from './credentials.js';
import { EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';

const HELP = `Usage: roomhooks send <event> [options]

Publishes a realistic sample event (the SDK's sampleWebhookEvent) to the server's POST /v1/events with a
bearer token signed by your API key, and prints its id.

Events: ${WEBHOOK_EVENT_NAMES.join(', ')}

Options:
  --room NAME          room name (default demo-room)
  --identity ID        participant identity, for participant and track events (default alice)
  --id EV_…            event id (default: a fresh one; sending the same id twice is a no-op duplicate)
  --at TIME            event time: ISO, Unix seconds, or a duration ago like 5m (default now)
  --url URL            server (default: ROOMHOOKS_URL, the dev file, or http://127.0.0.1:7890)
  --api-key K          key that signs the request, with --api-secret S
  --api-secret S       (default: ROOMHOOKS_KEYS, else ./.roomhooks/dev-keys.json)
  --print              print the event body instead of only its id
  --json               print {"id","event","duplicate"}
  -h, --help           show this help

Example:
  roomhooks send participant_joined --room standup --identity bob

${EXIT_CODES_HELP}`;

interface PublishAnswer {
  ids?: string[];
  duplicates?: string[];
}

export const sendCommand: Command = {
  name: 'send',
  summary: 'publish one sample event of any type to the server',
  help: HELP,
  async run(argv, out) {
    const { values, positionals } = parseFlags({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        ...COMMON_OPTIONS,
        ...KEY_OPTIONS,
        ...URL_OPTION,
        room: { type: 'string' },
        identity: { type: 'string' },
        id: { type: 'string' },
        at: { type: 'string' },
        print: { type: 'boolean' },
      },
    });
    const [name, ...extra] = positionals;
    if (name === undefined)
      throw new UsageError(`missing event name; one of ${WEBHOOK_EVENT_NAMES.join(', ')}`);
    if (!isWebhookEventName(name)) {
      throw new UsageError(`unknown event "${name}"; one of ${WEBHOOK_EVENT_NAMES.join(', ')}`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values.id)) {
      throw new UsageError('--id: 1 to 64 letters, digits, "_" or "-"');
    }
    const keys = requireKeys(values, out.io);
    const url = serverUrl(values.url, out.io);
    const now = Date.now();
    const at = values.at === undefined ? now : parseTime('--at', values.at, now);

    const event = sampleWebhookEvent(name, {
      createdAt: String(Math.floor(at / 1000)),
      // A fresh seed gives fresh event, egress and ingress ids, so two sends are two events, not a duplicate.
      seed: randomBytes(6).toString('hex'),
      ...(values.room === undefined ? {} : { room: values.room }),
      ...(values.identity === undefined ? {} : { identity: values.identity }),
      ...(values.id === undefined ? {} : { id: values.id }),
    });
    const answer = await callApi<PublishAnswer>({
      baseUrl: url,
      method: 'POST',
      path: '/v1/events',
      credentials: keys,
      body: event,
    });
    const id = answer?.ids?.[0] ?? event.id ?? '';
    const duplicate = answer?.duplicates?.includes(id) === true;
    if (values.print === true && !out.json) out.say(JSON.stringify(event, null, 2));
    out.emit(
      `${out.paint('green', '✓')} ${name} ${out.paint('bold', id)}${duplicate ? out.paint('yellow', ' (duplicate: already stored)') : ''} → ${url}`,
      { id, event: name, duplicate, ...(values.print === true ? { body: event } : {}) },
    );
    return ExitCode.ok;
  },
};
