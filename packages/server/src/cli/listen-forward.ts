/**
 * `roomhooks listen --forward`: passes a verified request on to the app being developed, byte for byte, with
 * its headers (signatures included, so the app can verify them too), and brings back the app's answer.
 */
import type { IncomingMessage } from 'node:http';
import { request } from 'undici';

// Hop-by-hop headers describe one connection, not the message, and undici refuses some of them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

export interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Forwarded> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const response = await request(target, { method: 'POST', headers, body });
  const answer = Buffer.from(await response.body.arrayBuffer());
  const type = response.headers['content-type'];
  return {
    status: response.statusCode,
    headers: typeof type === 'string' ? { 'content-type': type } : {},
    body: answer,
  };
}
