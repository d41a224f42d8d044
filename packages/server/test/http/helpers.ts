/**
 * Set-up for HTTP tests: the fastify app over a real notifier (SQLite in a temp dir) exercised with
 * `app.inject`, and admin tokens minted with jose as any client would.
 */
import type { TestContext } from 'node:test';
import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import type { Notifier, NotifierOptions } from 'roomhooks';
import { createHttpServer } from '../../src/http/server.js';
import { API_KEY, API_SECRET, startNotifier } from '../helpers/engine.js';

export { API_KEY, API_SECRET };

export interface TokenOptions {
  apiKey?: string;
  secret?: string;
  /** Seconds from now; negative for an expired token. Default 600. */
  expiresIn?: number;
  /** Seconds from now for `iat`; default 0. */
  issuedAt?: number;
  alg?: string;
}

/** An HS256 admin token, the kind `roomhooks` CLI verbs and livekit-server-sdk's AccessToken produce. */
export async function mintToken(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(options.apiKey ?? API_KEY)
    .setIssuedAt(now + (options.issuedAt ?? 0))
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(new TextEncoder().encode(options.secret ?? API_SECRET));
}

export interface TestApi {
  app: FastifyInstance;
  stopAccepting(): void;
  notifier: Notifier;
  /** `Authorization` header value with a fresh valid token. */
  auth: string;
  /** JSON body of a response. */
  json<T = Record<string, unknown>>(response: LightMyRequestResponse): T;
}

export async function startApi(
  t: TestContext,
  options: Partial<NotifierOptions> & { videosdkPublicKey?: string; logger?: FastifyBaseLogger } = {},
): Promise<TestApi> {
  const { videosdkPublicKey, logger, ...notifierOptions } = options;
  const notifier = await startNotifier(t, notifierOptions);
  const keys = notifierOptions.keys ?? { [API_KEY]: API_SECRET };
  const { app, stopAccepting } = await createHttpServer({ notifier, keys, videosdkPublicKey, logger });
  await app.ready();
  t.after(() => app.close());
  return {
    app,
    stopAccepting,
    notifier,
    auth: `Bearer ${await mintToken()}`,
    json: <T>(response: LightMyRequestResponse) => JSON.parse(response.body) as T,
  };
}
