/**
 * Event intake: `POST /v1/events` (our API: JSON, a JSON array, or NDJSON) and the webhook relays
 * `POST /ingest/livekit` and `POST /ingest/videosdk` (session and participant types only, see
 * `videosdk-to-livekit.ts`). Every path ends in `notifier.publishDetailed`, which
 * validates the whole batch before storing anything, so an error anywhere stores nothing.
 */
import { VideoSdkWebhookReceiver, WebhookReceiver } from '@roomhooks/sdk';
import type { FastifyPluginAsync } from 'fastify';
import type { Notifier, PublishableEvent } from '../engine/notifier.js';
import { ApiError } from './errors.js';
import { videosdkToLivekit } from './videosdk-to-livekit.js';

/** Parses NDJSON, one event per non-blank line; a bad line is named by its number. */
export function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line));
    } catch (err) {
      throw new ApiError(400, 'malformed_body', `line ${i + 1}: ${(err as Error).message}`);
    }
  }
  return events;
}

/** `POST /v1/events`, inside the authenticated scope. */
export const eventIntakeRoutes: FastifyPluginAsync<{ notifier: Notifier }> = async (app, { notifier }) => {
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseNdjson(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.post('/v1/events', async (request, reply) => {
    const body = request.body;
    if (Array.isArray(body) && body.length === 0) {
      throw new ApiError(400, 'malformed_body', 'expected at least one event');
    }
    // invalid_event names the offending index (`events[3].room: …`) and stores nothing of the batch.
    const outcome = await notifier.publishDetailed(body as PublishableEvent | PublishableEvent[]);
    return reply.status(202).send(outcome);
  });
};

export interface IngestOptions {
  notifier: Notifier;
  keys: Readonly<Record<string, string>>;
  videosdkPublicKey: string | undefined;
  bodyLimit: number;
}

function rawBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new ApiError(400, 'malformed_body', 'expected the raw webhook body with its Content-Type');
  }
  return body;
}

/** The webhook relays: signatures are checked over the exact bytes, so these routes never parse first. */
export const webhookIngestRoutes: FastifyPluginAsync<IngestOptions> = async (app, options) => {
  const { notifier } = options;
  // Scoped to this plugin: elsewhere JSON is parsed as usual.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/webhook+json', 'application/json'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  // Verified exactly as a LiveKit receiver would (any configured key, by `iss`), then relayed with
  // LiveKit's own event id, so LiveKit's retries of one event are acknowledged as duplicates.
  const livekit = new WebhookReceiver({ keys: options.keys, maxBodyBytes: options.bodyLimit });
  app.post('/ingest/livekit', async (request) => {
    const body = rawBody(request.body);
    await livekit.receive(body, request.headers.authorization);
    return notifier.publishDetailed(JSON.parse(body.toString('utf8')) as PublishableEvent);
  });

  // Strict: only known VideoSDK types, so the mapping below can rely on each type's fields.
  const videosdk =
    options.videosdkPublicKey === undefined
      ? undefined
      : new VideoSdkWebhookReceiver(options.videosdkPublicKey, {
          strict: true,
          maxBodyBytes: options.bodyLimit,
        });
  app.post('/ingest/videosdk', async (request) => {
    if (!videosdk) {
      throw new ApiError(501, 'not_configured', 'VideoSDK ingest needs videosdk.public_key in the config');
    }
    const signature = request.headers['videosdk-signature'];
    const webhook = await videosdk.receive(
      rawBody(request.body),
      typeof signature === 'string' ? signature : undefined,
    );
    return notifier.publishDetailed(videosdkToLivekit(webhook, Date.now()));
  });
};
