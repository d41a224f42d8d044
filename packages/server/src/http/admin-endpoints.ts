/**
 * Endpoint management: list, create, read, patch, delete, pause, resume, rotate-secret and replay. Secrets
 * are shown only when created or rotated, never in listings.
 */
import { generateStandardWebhookSecret } from '@roomhooks/sdk';
import type { FastifyPluginAsync } from 'fastify';
import type { EndpointOptions } from '../engine/endpoint-spec.js';
import type { EndpointInfo, Notifier } from '../engine/notifier.js';
import { ApiError } from './errors.js';
import { parseTime } from './query.js';

/** An endpoint as options again (`retry` as `{ schedule, jitter }`), so a GET result can be POSTed back. */
export function endpointOptions(info: EndpointInfo): EndpointOptions {
  return {
    url: info.url,
    format: info.format,
    events: info.events,
    ordering: info.ordering,
    retry: { schedule: info.retry.delaysMs, jitter: info.retry.jitter },
    timeoutMs: info.timeoutMs,
    maxConcurrency: info.maxConcurrency,
    ...(info.apiKey === undefined ? {} : { apiKey: info.apiKey }),
    ...(info.secret === undefined ? {} : { secret: info.secret }),
    ...(info.description === undefined ? {} : { description: info.description }),
  };
}

export type EndpointView = Omit<EndpointOptions, 'secret'> &
  Pick<EndpointInfo, 'id' | 'state' | 'stateReason' | 'createdAt' | 'updatedAt'> & { secret?: string };

export function endpointView(info: EndpointInfo, withSecret = false): EndpointView {
  const { secret, ...options } = endpointOptions(info);
  return {
    id: info.id,
    ...options,
    ...(withSecret && secret !== undefined ? { secret } : {}),
    state: info.state,
    stateReason: info.stateReason,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
  };
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'malformed_body', 'expected a JSON object');
  }
  return body as Record<string, unknown>;
}

type IdParams = { Params: { id: string } };

export const adminEndpointRoutes: FastifyPluginAsync<{ notifier: Notifier }> = async (app, { notifier }) => {
  const get = (id: string): EndpointInfo => {
    const info = notifier.getEndpoint(id);
    if (!info) throw new ApiError(404, 'endpoint_not_found', `no endpoint ${JSON.stringify(id)}`);
    return info;
  };

  app.get('/v1/endpoints', async () => ({ endpoints: notifier.listEndpoints().map((e) => endpointView(e)) }));

  app.post('/v1/endpoints', async (request, reply) => {
    // The engine validates every field and names the bad one (invalid_endpoint → 400).
    const info = await notifier.addEndpoint(object(request.body) as unknown as EndpointOptions);
    return reply.status(201).send(endpointView(info, true));
  });

  app.get<IdParams>('/v1/endpoints/:id', async (request) => endpointView(get(request.params.id)));

  app.patch<IdParams>('/v1/endpoints/:id', async (request) => {
    const patch = object(request.body);
    if ('id' in patch) throw new ApiError(400, 'invalid_endpoint', 'endpoint.id: cannot be changed');
    // The engine replaces a definition whole; a PATCH merges onto the current one first.
    const merged = { ...endpointOptions(get(request.params.id)), ...patch } as EndpointOptions;
    return endpointView(await notifier.updateEndpoint(request.params.id, merged));
  });

  app.delete<IdParams>('/v1/endpoints/:id', async (request, reply) => {
    get(request.params.id);
    await notifier.removeEndpoint(request.params.id);
    return reply.status(204).send();
  });

  app.post<IdParams>('/v1/endpoints/:id/pause', async (request) =>
    endpointView(await notifier.pauseEndpoint(get(request.params.id).id)),
  );

  app.post<IdParams>('/v1/endpoints/:id/resume', async (request) =>
    endpointView(await notifier.resumeEndpoint(get(request.params.id).id)),
  );

  app.post<IdParams>('/v1/endpoints/:id/rotate-secret', async (request) => {
    const info = get(request.params.id);
    if (info.format !== 'standard') {
      throw new ApiError(
        409,
        'not_applicable',
        `endpoint ${info.id} is in ${info.format} format, which has no secret`,
      );
    }
    const secret = generateStandardWebhookSecret();
    const updated = await notifier.updateEndpoint(info.id, { ...endpointOptions(info), secret });
    return { secret, endpoint: endpointView(updated) };
  });

  app.post<IdParams>('/v1/endpoints/:id/replay', async (request) => {
    const body = object(request.body ?? {});
    const since = parseTime(body.since, 'since', Date.now());
    const queued = await notifier.replay(get(request.params.id).id, since);
    return { queued, since: new Date(since).toISOString() };
  });
};
