/** The room routes as OpenAPI 3.1 path items, merged into `/openapi.json`. */
type Json = Record<string, unknown>;

const error = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const ok = (description: string, contentType = 'application/json'): Json => ({
  description,
  content: { [contentType]: { schema: { type: 'object' } } },
});
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const auth = { security: [{ bearer: [] }] };

export const roomOpenApiPaths: Json = {
  '/v1/rooms': {
    get: {
      ...auth,
      summary: 'Rooms derived from every stored event, newest activity first',
      responses: {
        '200': ok('{ rooms: [{ seq, name, status, participants, … }] }'),
        '401': error('bad token'),
      },
    },
  },
  '/v1/rooms/{name}': {
    get: {
      ...auth,
      summary: 'One room: participants, tracks, egresses and ingresses, with its change seq',
      parameters: [nameParam],
      responses: {
        '200': ok('the room snapshot'),
        '403': error('a token limited to another room'),
        '404': error('no events for this room'),
      },
    },
  },
  '/v1/rooms/{name}/token': {
    post: {
      ...auth,
      summary: "Mints a short-lived token limited to this room's stream (admin tokens only)",
      parameters: [nameParam],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { identity: { type: 'string' }, ttlSeconds: { type: 'integer' } },
            },
          },
        },
      },
      responses: { '200': ok('{ token, room, expiresAt }'), '403': error('a room token cannot mint tokens') },
    },
  },
  '/v1/rooms/{name}/stream': {
    get: {
      ...auth,
      summary:
        "The room's realtime stream (Server-Sent Events): a snapshot, then numbered changes; resume with " +
        'Last-Event-ID or ?since=<seq> (a reset when too far behind). Protocol: @roomhooks/sdk/client.',
      parameters: [nameParam, { name: 'since', in: 'query', required: false, schema: { type: 'integer' } }],
      responses: {
        '200': ok('text/event-stream', 'text/event-stream'),
        '403': error('a token for another room'),
      },
    },
  },
};
