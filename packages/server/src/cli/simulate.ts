/**
 * `roomhooks simulate`: realistic room sessions published to the server at the pace they would really happen
 * (or as fast as `--rate` allows), in batches. The events come from the pure generator in `src/simulate/`;
 * this file only adds the clock, the network and the progress bar.
 */
import { randomInt } from 'node:crypto';
import { encodeWebhookEvent } from '@roomhooks/sdk';
import { simulateSessions } from '../simulate/index.js';
import { COMMON_OPTIONS, parseDuration, parseFlags, parseInteger, parsePositive, parseTime } from './args.js';
import type { Command } from './command.js';
import { KEY_OPTIONS, requireKeys, serverUrl, URL_OPTION } from './credentials.js';
import { EXIT_CODES_HELP, ExitCode, UsageError } from './exit-codes.js';
import { clockText, publishPaced } from './simulate-publisher.js';

/** Where `--dry-run` starts when `--start` is not given: fixed, so a seed alone reproduces the output. */
const DRY_RUN_START_MS = 1_739_900_000_000;

const HELP = `Usage: roomhooks simulate [options]

Generates realistic sessions — rooms start, participants join (some abort), publish and unpublish
microphone, camera and screen tracks, recordings (egress with file results), live streams (egress to RTMP)
and incoming streams (ingress) start and end, participants leave, rooms finish — and publishes them to the server spread over --duration, in causal
order per room. The same --seed (and --start) always gives the same events.

Options:
  --rooms N          rooms (default 3)
  --participants N   participants per room (default 4)
  --duration D       time span, e.g. 60s, 5m (default 60s)
  --rate R           at most R events per second (default: as fast as the timeline goes)
  --seed S           seed for the generator (default: random, printed so the run can be repeated)
  --start TIME       simulated start: ISO or Unix seconds (default now; with --dry-run ${new Date(DRY_RUN_START_MS).toISOString()})
  --batch N          at most N events per request (default 100)
  --dry-run          print the events as NDJSON instead of publishing them (no server needed)
  --url URL          server (default: ROOMHOOKS_URL, the dev file, or http://127.0.0.1:7890)
  --api-key K        key that signs the requests, with --api-secret S
  --api-secret S     (default: ROOMHOOKS_KEYS, else ./.roomhooks/dev-keys.json)
  --json             print only a final JSON summary
  -h, --help         show this help

Examples:
  roomhooks simulate --rooms 5 --duration 2m
  roomhooks simulate --dry-run --seed 42 > events.ndjson

${EXIT_CODES_HELP}`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'publish realistic room sessions (or print them with --dry-run)',
  help: HELP,
  async run(argv, out) {
    const { values } = parseFlags({
      args: argv,
      strict: true,
      options: {
        ...COMMON_OPTIONS,
        ...KEY_OPTIONS,
        ...URL_OPTION,
        rooms: { type: 'string', default: '3' },
        participants: { type: 'string', default: '4' },
        duration: { type: 'string', default: '60s' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        batch: { type: 'string', default: '100' },
        'dry-run': { type: 'boolean' },
      },
    });
    const rooms = parseInteger('--rooms', values.rooms, 1, 1000);
    const participants = parseInteger('--participants', values.participants, 0, 1000);
    const durationMs = parseDuration('--duration', values.duration);
    if (durationMs < 1000) throw new UsageError('--duration: at least 1s');
    const rate = values.rate === undefined ? Infinity : parsePositive('--rate', values.rate);
    const batch = parseInteger('--batch', values.batch, 1, 10_000);
    const seed = values.seed ?? String(randomInt(1_000_000));
    const dryRun = values['dry-run'] === true;
    const now = Date.now();
    const startMs =
      values.start === undefined
        ? dryRun
          ? DRY_RUN_START_MS
          : now
        : parseTime('--start', values.start, now);
    // Resolved before generating, so a missing key fails fast.
    const live = dryRun
      ? undefined
      : { keys: requireKeys(values, out.io), url: serverUrl(values.url, out.io) };

    const events = simulateSessions({ rooms, participants, durationMs, startMs, seed });
    if (values.seed === undefined) out.note(`seed ${seed} (pass --seed ${seed} to repeat this run)`);

    if (live === undefined) {
      for (const { event } of events) out.data(encodeWebhookEvent(event));
      return ExitCode.ok;
    }
    out.note(
      `publishing ${events.length} events for ${rooms} rooms over ${clockText(durationMs)} to ${live.url}`,
    );
    const result = await publishPaced(
      { events, startMs, rate, batch, url: live.url, credentials: live.keys, durationMs },
      out,
    );
    const summary = {
      published: result.published,
      total: events.length,
      duplicates: result.duplicates,
      rooms,
      participants,
      seed,
      durationMs,
      elapsedMs: result.elapsedMs,
      url: live.url,
      interrupted: result.interrupted,
    };
    out.emit(
      result.interrupted
        ? `${out.paint('yellow', 'interrupted')}: published ${result.published} of ${events.length} events`
        : `${out.paint('green', '✓')} published ${result.published} events (${rooms} rooms, seed ${seed}) in ${(result.elapsedMs / 1000).toFixed(1)}s${result.duplicates > 0 ? `, ${result.duplicates} duplicates` : ''}`,
      summary,
    );
    return result.interrupted ? ExitCode.failed : ExitCode.ok;
  },
};
