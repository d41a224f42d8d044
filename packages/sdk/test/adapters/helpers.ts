// Shared fixtures for the adapter specs: signed requests for each scheme, and a tiny POST client over real
// sockets (undici's global fetch).
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signLiveKitWebhook, signStandardWebhook, signVideoSdkWebhook } from '../../src/auth/index.js';
import { sampleWebhookEvent } from '../../src/catalog/livekit/index.js';

export const apiKey = 'APIadapterTest';
export const apiSecret = 'adapter-test-secret-0123456789abcdef';
export const standardSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** One request as a sender would POST it. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * A LiveKit-signed `participant_joined`, spaced like Go's protojson (`", "`) so a re-serialising receiver
 * would fail the hash.
 */
export function livekitRequest(overrides: { id?: string } = {}): SignedRequest {
  const event = sampleWebhookEvent('participant_joined', overrides);
  const body = JSON.stringify(event).replaceAll(',"', ', "'); // `,"` never occurs inside a JSON string
  const authorization = signLiveKitWebhook({ apiKey, apiSecret, body });
  return { body, headers: { authorization, 'content-type': 'application/webhook+json' } };
}

/** A Standard Webhooks message (`application/json`, `webhook-*` headers). */
export function standardRequest(id = 'msg_2b7Q1xYz'): SignedRequest {
  const body = JSON.stringify({
    type: 'room.started',
    timestamp: '2025-02-18T17:33:20Z',
    data: { room: 'demo' },
  });
  const headers = signStandardWebhook({
    id,
    timestamp: Math.floor(Date.now() / 1000),
    body,
    secrets: [standardSecret],
  });
  return { body, headers: { ...headers, 'content-type': 'application/json' } };
}

let rsa: { publicKey: string; privateKey: string } | undefined;
/** An RSA pair standing in for VideoSDK's (generated once per test file). */
export function videoSdkKeys(): { publicKey: string; privateKey: string } {
  rsa ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return rsa;
}

/** A VideoSDK-signed `participant-joined`. */
export function videoSdkRequest(): SignedRequest {
  const body = JSON.stringify({
    webhookType: 'participant-joined',
    data: {
      meetingId: 'jvsg-8rjn-j304',
      sessionId: 'RM_7A62FjVFwWw5',
      participantId: 'alice',
      participantName: 'Alice',
    },
  });
  const signature = signVideoSdkWebhook(body, videoSdkKeys().privateKey);
  return { body, headers: { 'videosdk-signature': signature, 'content-type': 'application/json' } };
}

/** Flips one character inside the body so the signature no longer covers it. */
export function tamper(request: SignedRequest): SignedRequest {
  return { ...request, body: request.body.replace('alice', 'mallory') };
}

/** The base URL of a listening server, e.g. `http://127.0.0.1:53211`. */
export function baseUrl(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Closes a server, dropping idle keep-alive sockets so the test process can exit. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** POSTs a signed request and returns status, JSON (or text) body and headers. */
export async function post(
  url: string,
  request: SignedRequest,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', body: request.body, headers: request.headers });
  const text = await response.text();
  let body: unknown = text;
  if (response.headers.get('content-type')?.includes('json')) body = JSON.parse(text);
  return { status: response.status, body, headers: response.headers };
}
