import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { signLiveKitWebhook, signStandardWebhook, signVideoSdkWebhook } from '../../src/auth/index.js';
import { sampleWebhookEvent, WEBHOOK_EVENT_NAMES } from '../../src/catalog/livekit/index.js';
import { sampleVideoSdkWebhook, VIDEOSDK_WEBHOOK_TYPES } from '../../src/catalog/videosdk/index.js';
import { encodeWebhookEvent } from '../../src/codec/index.js';
import { WebhookError, type WebhookErrorCode } from '../../src/errors.js';
import {
  StandardWebhookReceiver,
  VideoSdkWebhookReceiver,
  WebhookReceiver,
  type RawWebhookRequest,
  type WebhookVerifier,
} from '../../src/receiver/index.js';

// Every code a receiver may legitimately answer with for hostile input (not `invalid_key`: that would mean
// the receiver's own configuration broke).
const INPUT_CODES = new Set<WebhookErrorCode>([
  'missing_authorization',
  'malformed_token',
  'unsupported_algorithm',
  'unknown_api_key',
  'invalid_signature',
  'token_expired',
  'token_not_yet_valid',
  'missing_claim',
  'body_hash_mismatch',
  'malformed_body',
  'body_too_large',
  'invalid_event',
  'body_already_parsed',
]);

/** xorshift32: small, seeded, reproducible. */
function prng(seed: number): { int(n: number): number; bytes(n: number): Uint8Array } {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    int: (n) => next() % n,
    bytes: (n) => Uint8Array.from({ length: n }, () => next() & 0xff),
  };
}

const NOW = 1_739_900_000_000;
const now = () => NOW;
const KEY = 'APIfuzz';
const SECRET = 'fuzz-secret-0123456789-abcdefghijklmnop';
const WHSEC = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

interface Target {
  name: string;
  receiver: WebhookVerifier<unknown>;
  /** The header carrying the signature; mutations aim at it. */
  header: string;
  valid(i: number): { body: string; headers: Record<string, string> };
}

const targets: Target[] = [
  {
    name: 'livekit',
    receiver: new WebhookReceiver({ keys: { [KEY]: SECRET }, maxBodyBytes: 64 * 1024, now }),
    header: 'authorization',
    valid(i) {
      const body = encodeWebhookEvent(
        sampleWebhookEvent(WEBHOOK_EVENT_NAMES[i % WEBHOOK_EVENT_NAMES.length]!),
      );
      return {
        body,
        headers: { authorization: signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body, now }) },
      };
    },
  },
  {
    name: 'standard',
    receiver: new StandardWebhookReceiver(WHSEC, { maxBodyBytes: 64 * 1024, now }),
    header: 'webhook-signature',
    valid(i) {
      const body = JSON.stringify({ type: 'room.started', timestamp: '2025-02-18T17:33:20Z', data: { i } });
      return {
        body,
        headers: signStandardWebhook({ id: `msg_${i}`, timestamp: NOW / 1000, body, secrets: [WHSEC] }),
      };
    },
  },
  {
    name: 'videosdk',
    receiver: new VideoSdkWebhookReceiver(rsa.publicKey, { maxBodyBytes: 64 * 1024 }),
    header: 'videosdk-signature',
    valid(i) {
      const body = JSON.stringify(
        sampleVideoSdkWebhook(VIDEOSDK_WEBHOOK_TYPES[i % VIDEOSDK_WEBHOOK_TYPES.length]!),
      );
      return { body, headers: { 'videosdk-signature': signVideoSdkWebhook(body, rsa.privateKey) } };
    },
  },
];

function flipBit(bytes: Uint8Array, rand: ReturnType<typeof prng>): Uint8Array {
  const copy = Uint8Array.from(bytes);
  if (copy.length > 0) copy[rand.int(copy.length)]! ^= 1 << rand.int(8);
  return copy;
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
}

/** Mutates a valid request so that it differs from it; returns `undefined` if the mutation was a no-op. */
function mutate(
  request: { body: string; headers: Record<string, string> },
  target: Target,
  rand: ReturnType<typeof prng>,
): RawWebhookRequest | undefined {
  const body = Buffer.from(request.body);
  let headers: Record<string, string> = { ...request.headers };
  const signature = headers[target.header] ?? '';
  switch (rand.int(9)) {
    case 0: // flip a bit in the body
      return { body: flipBit(body, rand), headers };
    case 1: // flip a bit in the signature header (as text)
      headers[target.header] = Buffer.from(flipBit(Buffer.from(signature), rand)).toString('latin1');
      break;
    case 2: // truncate the body
      return { body: body.subarray(0, rand.int(body.length)), headers };
    case 3: // truncate the signature header
      headers[target.header] = signature.slice(0, rand.int(signature.length));
      break;
    case 4: // drop a header
      headers = without(headers, Object.keys(headers)[rand.int(Object.keys(headers).length)]!);
      break;
    case 5: {
      // swap two header values (or the signature with another scheme's header name)
      const names = Object.keys(headers);
      if (names.length >= 2) {
        const a = names[rand.int(names.length)]!;
        const b = names[rand.int(names.length)]!;
        [headers[a], headers[b]] = [headers[b]!, headers[a]!];
      } else {
        headers = { ...without(headers, target.header), 'webhook-signature': signature };
      }
      break;
    }
    case 6: // random bytes as body, original headers
      return { body: rand.bytes(rand.int(300)), headers };
    case 7: // random printable garbage as the signature header
      headers[target.header] = Buffer.from(
        rand.bytes(1 + rand.int(120)).map((b) => 33 + (b % 94)),
      ).toString();
      break;
    default: {
      // another valid request's headers on this body
      const other = target.valid(rand.int(1000));
      if (other.body === request.body) return undefined;
      return { body, headers: other.headers };
    }
  }
  const changed =
    Object.keys(headers).length !== Object.keys(request.headers).length ||
    Object.entries(headers).some(([k, v]) => request.headers[k] !== v);
  return changed ? { body, headers } : undefined;
}

async function expectRejection(target: Target, request: RawWebhookRequest, label: string): Promise<void> {
  try {
    await target.receiver.verify(request);
  } catch (err) {
    assert.ok(
      err instanceof WebhookError,
      `${target.name} ${label}: threw a non-WebhookError: ${String(err)}`,
    );
    assert.ok(INPUT_CODES.has(err.code), `${target.name} ${label}: unexpected code ${err.code}`);
    return;
  }
  assert.fail(`${target.name} ${label}: a modified request was accepted`);
}

describe('receiver fuzzing (seeded)', () => {
  for (const target of targets) {
    it(`${target.name}: mutated and random requests only ever fail with a known WebhookError`, async () => {
      const rand = prng(0x5eed + target.name.length);
      const iterations = target.name === 'videosdk' ? 1200 : 2500;
      let mutated = 0;
      for (let i = 0; i < iterations; i++) {
        const request = target.valid(i);
        if (i % 50 === 0) {
          // The unmodified request still passes, as bytes and as text.
          await target.receiver.verify(request);
          await target.receiver.verify({ body: Buffer.from(request.body), headers: request.headers });
        }
        const bad = mutate(request, target, rand);
        if (bad === undefined) continue;
        mutated++;
        await expectRejection(target, bad, `iteration ${i}`);
      }
      // Hostile shapes no framework should produce, still reported as WebhookErrors.
      const weird: unknown[] = [
        { body: { parsed: true }, headers: {} },
        { body: null, headers: {} },
        { body: 42, headers: { [target.header]: 'x' } },
        { body: '{}', headers: { [target.header]: ['a', 'b'] } },
        { body: '{}', headers: { [target.header]: 7 } },
        { body: '{}', headers: null },
        { body: '{}', headers: 'authorization: x' },
        {
          body: '{}',
          headers: {
            get: () => {
              throw new Error('broken headers');
            },
          },
        },
        null,
        'not a request',
      ];
      for (const [index, request] of weird.entries()) {
        await expectRejection(target, request as RawWebhookRequest, `weird input ${index}`);
      }
      assert.ok(mutated > iterations * 0.9, `only ${mutated} mutations were effective`);
    });
  }
});
