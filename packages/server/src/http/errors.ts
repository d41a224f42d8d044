/**
 * Every error the HTTP API answers has one shape, `{ "error": { "code", "message" } }`, whatever raised it: the
 * engine ({@link RoomhooksError}), the SDK's verifiers ({@link WebhookError}), fastify's body parsing, or the
 * routes themselves ({@link ApiError}).
 */
import { WebhookError } from '@roomhooks/sdk';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RoomhooksError } from '../errors.js';

/** An error raised by a route or hook, with its HTTP status and stable code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

// fastify's own parse errors, by their codes, in our vocabulary.
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'malformed_body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_body'],
};

/** Status and body for any thrown value; unexpected errors become a 500 that reveals nothing. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  const body = (code: string, message: string): ErrorBody => ({ error: { code, message } });
  if (err instanceof ApiError) return { status: err.status, body: body(err.code, err.message) };
  if (err instanceof RoomhooksError || err instanceof WebhookError) {
    return { status: err.status, body: body(err.code, err.message) };
  }
  const fastifyError = err as Partial<FastifyError> | null;
  const mapped = fastifyError?.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  if (mapped) return { status: mapped[0], body: body(mapped[1], fastifyError!.message ?? mapped[1]) };
  if (err instanceof SyntaxError) return { status: 400, body: body('malformed_body', err.message) };
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: body('bad_request', fastifyError?.message ?? 'bad request') };
  }
  return { status: 500, body: body('internal_error', 'internal server error') };
}

/** fastify's error handler: logs server faults (never request bodies or headers) and answers the shape. */
export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  return reply.status(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const route = `${request.method} ${request.url.split('?')[0]}`;
  return reply.status(404).send({ error: { code: 'not_found', message: `no route ${route}` } });
}
