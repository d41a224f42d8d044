/**
 * The dashboard's routes as OpenAPI 3.1 path items, for the HTTP server to merge into `/openapi.json`
 * (`paths: { ...paths, ...dashboardOpenApiPaths }`), so the "every route is documented" check still holds.
 */
type Json = Record<string, unknown>;

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const error = (description: string): Json => ({ description, ...json(errorSchema) });
const secured = (op: Json): Json => ({
  security: [{ bearer: [] }],
  ...op,
  responses: { '401': error('missing, invalid, expired or unknown-key token'), ...(op.responses as Json) },
});

export const dashboardOpenApiPaths: Json = {
  '/': {
    get: {
      summary: 'The dashboard (HTML; signs in with an API key and secret)',
      responses: { '200': { description: 'the page', content: { 'text/html': {} } } },
    },
  },
  '/assets/{file}': {
    get: {
      summary: "The dashboard's CSS and ES modules",
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'the file' }, '404': error('no such asset') },
    },
  },
  '/v1/session': {
    post: {
      summary: 'Trade an API key and secret for a one-hour admin token (the dashboard keeps only the token)',
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          required: ['apiKey', 'apiSecret'],
          properties: { apiKey: { type: 'string' }, apiSecret: { type: 'string' } },
        }),
      },
      responses: {
        '200': {
          description: 'an HS256 token, iss = apiKey, exp in 1 h',
          ...json({
            type: 'object',
            properties: {
              apiKey: { type: 'string' },
              token: { type: 'string' },
              expiresAt: { type: 'integer', description: 'ms since the epoch' },
            },
          }),
        },
        '400': error('malformed_body'),
        '401': error('invalid_credentials'),
      },
    },
  },
  '/v1/stream': {
    get: secured({
      summary: 'Server-Sent Events: each stored event (`event`) and each delivery outcome (`delivery`) live',
      description:
        'Also `endpoint` (paused, resumed, disabled), `circuit` (open, closed) and `resync` (reload the list). ' +
        '`after` = the seq of the last event received replays what was missed.',
      parameters: [
        {
          name: 'after',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'an event seq',
        },
      ],
      responses: { '200': { description: 'the stream', content: { 'text/event-stream': {} } } },
    }),
  },
  '/v1/dashboard/endpoints': {
    get: secured({
      summary: 'Endpoint health: success rate and p95 over recent attempts, backlog, circuit, last error',
      responses: { '200': { description: '{ endpoints }', ...json({ type: 'object' }) } },
    }),
  },
  '/v1/dashboard/rooms': {
    get: secured({
      summary: 'Rooms derived from the latest 2000 events: active or finished, participants present',
      responses: { '200': { description: '{ rooms, scanned }', ...json({ type: 'object' }) } },
    }),
  },
};
