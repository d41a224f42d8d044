/**
 * A tiny client for the roomhooks server's API: mints the bearer token (HS256 JWT, `iss` = API key, 5 minutes)
 * and turns every way a call can fail into a {@link CliFailure} with a useful code and message.
 */
import { SignJWT } from 'jose';
import { request } from 'undici';
import { CliFailure } from './exit-codes.js';

export interface ApiCredentials {
  apiKey: string;
  apiSecret: string;
}

/** A bearer token for the server API, valid for five minutes from `nowMs`. */
export async function mintBearer(credentials: ApiCredentials, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(credentials.apiKey)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 300)
    .sign(new TextEncoder().encode(credentials.apiSecret));
}

export interface ApiCall {
  /** Server base URL, no trailing slash. */
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  credentials: ApiCredentials;
  body?: unknown;
  /** Aborts the call (e.g. on Ctrl-C). */
  signal?: AbortSignal;
}

/** The `{ error: { code, message } }` body the server answers failures with, when it is one. */
function apiError(body: unknown): { code: string; message: string } | undefined {
  const error = (body as { error?: unknown } | null)?.error as
    { code?: unknown; message?: unknown } | undefined;
  if (typeof error?.code !== 'string') return undefined;
  return { code: error.code, message: typeof error.message === 'string' ? error.message : error.code };
}

/** Calls the API and returns the parsed JSON answer of a 2xx; anything else throws a {@link CliFailure}. */
export async function callApi<T>(call: ApiCall): Promise<T> {
  const url = `${call.baseUrl}${call.path}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${await mintBearer(call.credentials)}`,
    accept: 'application/json',
  };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await request(url, {
      method: call.method,
      headers,
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal: call.signal ?? null,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : (err as Error).message;
    throw new CliFailure(
      'server_unreachable',
      `cannot reach ${call.baseUrl} (${reason}); is \`roomhooks serve\` running? (or pass --url)`,
      { cause: err },
    );
  }
  const text = await response.body.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return body as T;
  const error = apiError(body);
  if (error !== undefined) throw new CliFailure(error.code, `${call.method} ${call.path}: ${error.message}`);
  throw new CliFailure(
    `http_${response.statusCode}`,
    `${call.method} ${call.path} answered ${response.statusCode}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
  );
}
