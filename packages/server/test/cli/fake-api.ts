/**
 * A stand-in for the roomhooks server API on 127.0.0.1, so CLI tests do not depend on the real server: it
 * checks the bearer JWT exactly as the contract says (HS256, iss = a known API key, exp required), records
 * what it accepted, and answers like the real routes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, jwtVerify } from 'jose';

export interface ApiRequest {
  method: string;
  path: string;
  body: unknown;
  issuer: string;
}

export class FakeApi {
  readonly requests: ApiRequest[] = [];
  /** Ids already stored: publishing one again reports it as a duplicate. */
  readonly stored = new Set<string>();
  #server: Server;
  readonly #keys: ReadonlyMap<string, string>;

  private constructor(keys: ReadonlyMap<string, string>) {
    this.#keys = keys;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => this.#send(res, 500, 'internal', String(err)));
    });
  }

  static async start(keys: Record<string, string>): Promise<FakeApi> {
    const api = new FakeApi(new Map(Object.entries(keys)));
    await new Promise<void>((resolve) => api.#server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #send(res: ServerResponse, status: number, code: string, message: string): void {
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code, message } }));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return this.#send(res, 401, 'unauthorized', 'no bearer token');
    const issuer = decodeJwt(token).iss ?? '';
    const secret = this.#keys.get(issuer);
    if (secret === undefined) return this.#send(res, 401, 'unknown_api_key', `unknown key ${issuer}`);
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
      if (typeof payload.exp !== 'number') return this.#send(res, 401, 'missing_claim', 'exp is required');
    } catch (err) {
      return this.#send(res, 401, 'invalid_token', String(err));
    }

    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', path, body, issuer });

    if (req.method === 'POST' && path === '/v1/events') {
      const events = (Array.isArray(body) ? body : [body]) as Array<{ id: string }>;
      const duplicates = events.filter((e) => this.stored.has(e.id)).map((e) => e.id);
      for (const e of events) this.stored.add(e.id);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ids: events.map((e) => e.id), duplicates }));
      return;
    }
    const replay = /^\/v1\/endpoints\/([^/]+)\/replay$/.exec(path);
    if (req.method === 'POST' && replay !== null) {
      if (decodeURIComponent(replay[1]!) !== 'EP_known') {
        return this.#send(res, 404, 'endpoint_not_found', `no endpoint ${replay[1]}`);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ queued: 7 }));
      return;
    }
    this.#send(res, 404, 'not_found', `no route ${req.method} ${path}`);
  }
}
