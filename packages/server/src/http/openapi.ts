/**
 * The hand-written OpenAPI 3.1 document of the HTTP API, served at `GET /openapi.json`. A test checks that every
 * registered route appears here, so it cannot silently fall behind the code.
 */
import type { FastifyPluginAsync } from 'fastify';
import { dashboardOpenApiPaths } from '../dashboard/openapi-paths.js';
import { roomOpenApiPaths } from './rooms-openapi.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: Json): Json =>
  schema === undefined ? { description } : { description, ...json(schema) };
const error = (description: string): Json => ({ description, ...json(ref('Error')) });

/** Answers every authenticated route may give besides its own. */
const AUTH_ERRORS: Json = { '401': error('missing, invalid, expired or unknown-key token') };
const secured = (op: Json): Json => ({
  security: [{ bearer: [] }],
  ...op,
  responses: { ...AUTH_ERRORS, ...(op.responses as Json) },
});
const idParam = (description: string): Json => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const query = (name: string, description: string): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const endpointId = idParam('endpoint id');
const endpointAction = (summary: string, body?: Json): Json =>
  secured({
    summary,
    parameters: [endpointId],
    ...(body ? { requestBody: { required: false, ...json(body) } } : {}),
    responses: { '200': ok(summary, ref('Endpoint')), '404': error('no such endpoint') },
  });

const schemas: Json = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  LiveKitEvent: {
    type: 'object',
    description: 'A LiveKit WebhookEvent in protobuf-JSON; `id` and `createdAt` are filled in when absent.',
    required: ['event'],
    properties: {
      event: { type: 'string' },
      id: { type: 'string' },
      createdAt: { type: ['string', 'integer'] },
    },
    additionalProperties: true,
  },
  PublishOutcome: {
    type: 'object',
    properties: {
      ids: { type: 'array', items: { type: 'string' } },
      duplicates: {
        type: 'array',
        items: { type: 'string' },
        description: 'already stored; not delivered again',
      },
    },
  },
  Event: {
    type: 'object',
    properties: {
      seq: { type: 'integer' },
      id: { type: 'string' },
      name: { type: 'string' },
      room: { type: 'string' },
      orderingKey: { type: 'string' },
      createdAt: { type: 'integer', description: 'ms since the epoch' },
      publishedAt: { type: 'integer' },
      body: ref('LiveKitEvent'),
    },
  },
  EndpointOptions: {
    type: 'object',
    required: ['url'],
    properties: {
      id: { type: 'string' },
      url: { type: 'string', format: 'uri' },
      apiKey: { type: 'string' },
      format: { enum: ['livekit', 'standard', 'videosdk'] },
      events: {
        type: 'object',
        properties: {
          include: { type: 'array', items: { type: 'string' } },
          exclude: { type: 'array', items: { type: 'string' } },
        },
      },
      ordering: { enum: ['resource', 'endpoint', 'none'] },
      retry: {
        oneOf: [
          { enum: ['default', 'livekit'] },
          {
            type: 'object',
            properties: {
              schedule: { type: 'array', items: { type: 'number' } },
              jitter: { type: 'number' },
            },
          },
        ],
      },
      timeoutMs: { type: 'integer' },
      maxConcurrency: { type: 'integer' },
      secret: { type: 'string', description: 'whsec_…; returned only on create and rotate-secret' },
      description: { type: 'string' },
    },
  },
  Endpoint: {
    allOf: [
      ref('EndpointOptions'),
      {
        type: 'object',
        properties: {
          state: { enum: ['active', 'paused', 'disabled'] },
          stateReason: { type: 'string' },
          createdAt: { type: 'integer' },
          updatedAt: { type: 'integer' },
        },
      },
    ],
  },
  Delivery: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      eventId: { type: 'string' },
      eventName: { type: 'string' },
      endpointId: { type: 'string' },
      lane: { type: 'string' },
      status: {
        enum: ['queued', 'pending', 'in_flight', 'delivered', 'failed', 'abandoned', 'not_applicable'],
      },
      attempts: { type: 'integer' },
      nextAttemptAt: { type: 'integer' },
      lastStatusCode: { type: 'integer' },
      lastError: { type: 'string' },
      updatedAt: { type: 'integer' },
    },
  },
  Attempt: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      deliveryId: { type: 'integer' },
      startedAt: { type: 'integer' },
      durationMs: { type: 'number' },
      statusCode: { type: 'integer' },
      outcome: { enum: ['delivered', 'retry', 'failed', 'abandoned'] },
      error: { type: 'string' },
      response: { type: 'string', description: 'first KB of the response body' },
    },
  },
};

const paths: Json = {
  '/v1/events': {
    post: secured({
      summary: 'Publish one event, an array of events, or NDJSON (one event per line)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { oneOf: [ref('LiveKitEvent'), { type: 'array', items: ref('LiveKitEvent') }] },
          },
          'application/x-ndjson': { schema: { type: 'string' } },
        },
      },
      responses: {
        '202': ok('stored durably; delivery is under way', ref('PublishOutcome')),
        '400': error('malformed_body, or invalid_event naming the index; nothing stored'),
        '413': error('body_too_large (over 1 MiB)'),
        '415': error('unsupported_media_type'),
        '503': error('store_unavailable (the database is away: publish again), or closed (shutting down)'),
      },
    }),
    get: secured({
      summary: 'List stored events, newest first',
      parameters: [
        query('room', 'room name'),
        query('type', 'event name, e.g. participant_joined'),
        query('since', 'ISO time, ms, or a duration back from now (1h)'),
        query('until', 'ISO time, ms, or a duration back from now'),
        query('cursor', 'nextCursor of the previous page'),
        query('limit', '1–1000, default 100'),
      ],
      responses: {
        '200': ok('a page of events', {
          type: 'object',
          properties: {
            events: { type: 'array', items: ref('Event') },
            nextCursor: { type: ['string', 'null'] },
          },
        }),
        '400': error('invalid_parameter'),
      },
    }),
  },
  '/v1/events/{id}': {
    get: secured({
      summary: 'One event with its deliveries and every attempt',
      parameters: [idParam('event id')],
      responses: {
        '200': ok('the event', {
          type: 'object',
          properties: {
            event: ref('Event'),
            deliveries: {
              type: 'array',
              items: {
                allOf: [
                  ref('Delivery'),
                  { type: 'object', properties: { attempts: { type: 'array', items: ref('Attempt') } } },
                ],
              },
            },
          },
        }),
        '404': error('event_not_found'),
      },
    }),
  },
  '/v1/endpoints': {
    get: secured({
      summary: 'List endpoints (secrets hidden)',
      responses: {
        '200': ok('endpoints', {
          type: 'object',
          properties: { endpoints: { type: 'array', items: ref('Endpoint') } },
        }),
      },
    }),
    post: secured({
      summary: 'Create an endpoint',
      requestBody: { required: true, ...json(ref('EndpointOptions')) },
      responses: {
        '201': ok('created, with its secret', ref('Endpoint')),
        '400': error('invalid_endpoint naming the field'),
      },
    }),
  },
  '/v1/endpoints/{id}': {
    get: secured({
      summary: 'One endpoint',
      parameters: [endpointId],
      responses: { '200': ok('the endpoint', ref('Endpoint')), '404': error('endpoint_not_found') },
    }),
    patch: secured({
      summary: 'Change some fields of an endpoint',
      parameters: [endpointId],
      requestBody: { required: true, ...json(ref('EndpointOptions')) },
      responses: {
        '200': ok('the endpoint', ref('Endpoint')),
        '400': error('invalid_endpoint'),
        '404': error('endpoint_not_found'),
      },
    }),
    delete: secured({
      summary: 'Remove an endpoint; its waiting deliveries are abandoned and stay in the log',
      parameters: [endpointId],
      responses: { '204': ok('removed'), '404': error('endpoint_not_found') },
    }),
  },
  '/v1/endpoints/{id}/pause': { post: endpointAction('Pause: deliveries are held until resumed') },
  '/v1/endpoints/{id}/resume': { post: endpointAction('Resume a paused or disabled endpoint') },
  '/v1/endpoints/{id}/rotate-secret': {
    post: secured({
      summary: 'New whsec_ secret for a standard-format endpoint',
      parameters: [endpointId],
      responses: {
        '200': ok('the new secret', {
          type: 'object',
          properties: { secret: { type: 'string' }, endpoint: ref('Endpoint') },
        }),
        '404': error('endpoint_not_found'),
        '409': error('not_applicable: the endpoint has no secret (not standard format)'),
      },
    }),
  },
  '/v1/endpoints/{id}/replay': {
    post: secured({
      summary: 'Queue every stored event since a time to the endpoint again',
      parameters: [endpointId],
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          required: ['since'],
          properties: { since: { type: ['string', 'integer'], description: 'ISO time, ms, or 1h' } },
        }),
      },
      responses: {
        '200': ok('queued', {
          type: 'object',
          properties: { queued: { type: 'integer' }, since: { type: 'string' } },
        }),
        '400': error('invalid_parameter'),
        '404': error('endpoint_not_found'),
      },
    }),
  },
  '/v1/deliveries': {
    get: secured({
      summary: 'The delivery log, newest first',
      parameters: [
        query('status', 'comma-separated statuses, e.g. failed,abandoned'),
        query('endpoint', 'endpoint id'),
        query('event', 'event id'),
        query('cursor', 'nextCursor of the previous page'),
        query('limit', '1–1000, default 100'),
      ],
      responses: {
        '200': ok('a page of deliveries', {
          type: 'object',
          properties: {
            deliveries: { type: 'array', items: ref('Delivery') },
            nextCursor: { type: ['string', 'null'] },
          },
        }),
        '400': error('invalid_parameter'),
      },
    }),
  },
  '/v1/deliveries/{id}/retry': {
    post: secured({
      summary: 'Send a failed or abandoned delivery again',
      parameters: [idParam('delivery id')],
      responses: {
        '202': ok('re-queued', ref('Delivery')),
        '404': error('delivery_not_found'),
        '409': error('not_retryable: still queued or in flight'),
      },
    }),
  },
  '/v1/stats': {
    get: secured({
      summary: 'Counts of events, deliveries by status, endpoints and backlog per endpoint',
      responses: { '200': ok('counters', { type: 'object' }) },
    }),
  },
  '/ingest/livekit': {
    post: {
      summary: 'Relay a webhook from a LiveKit server (point its webhook.urls here)',
      description:
        'Verified as a LiveKit receiver does: Authorization JWT by a configured key, sha256 of the raw body.',
      requestBody: {
        required: true,
        content: { 'application/webhook+json': { schema: ref('LiveKitEvent') } },
      },
      responses: {
        '200': ok('stored (or a duplicate of LiveKit retry)', ref('PublishOutcome')),
        '400': error('malformed_body or invalid_event'),
        '401': error('the WebhookError code, e.g. body_hash_mismatch'),
      },
    },
  },
  '/ingest/videosdk': {
    post: {
      summary: 'Ingest a VideoSDK webhook (videosdk-signature, RSA-SHA256 by videosdk.public_key)',
      description:
        'session-started/ended and participant-joined/left are stored as room_started/finished and ' +
        'participant_joined/left; other types have no exact LiveKit equivalent and are refused with 501.',
      requestBody: { required: true, ...json({ type: 'object' }) },
      responses: {
        '200': ok('stored', ref('PublishOutcome')),
        '400': error('malformed_body or invalid_event (unknown type, bad time)'),
        '401': error('missing or invalid signature'),
        '501': error('not_supported (type without a mapping) or not_configured (no videosdk.public_key)'),
      },
    },
  },
  '/openapi.json': {
    get: { summary: 'This document', responses: { '200': ok('OpenAPI 3.1', { type: 'object' }) } },
  },
  '/healthz': { get: { summary: 'Liveness: 200 while the process is up', responses: { '200': ok('up') } } },
  '/readyz': {
    get: {
      summary: 'Readiness: the store answers',
      responses: { '200': ok('ready'), '503': error('not ready') },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      responses: {
        '200': {
          description: 'text exposition format',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'roomhooks',
    version: '0.1.0',
    description: 'Durable, ordered, signed webhook delivery for real-time rooms.',
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'HS256 JWT signed with a configured API secret; iss = API key; exp required, lifetime ≤ 24 h',
      },
    },
    schemas,
  },
  paths: { ...paths, ...dashboardOpenApiPaths, ...roomOpenApiPaths },
} as const;

export const openApiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', async () => openApiDocument);
};
