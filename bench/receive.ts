// Receive throughput: our WebhookReceiver.receive against livekit-server-sdk's, on the same body and token.
//
//   npm run bench:receive          (node --conditions=roomhooks-source --import tsx bench/receive.ts)
//
// Both receivers run in one process, in interleaved rounds (ours, theirs, ours, …), so CPU frequency, GC
// state and background noise hit both alike; each round counts sequential awaited `receive` calls for a fixed
// time. The anchor is livekit-server-sdk measured in the same run, and the ratio is the figure that matters.
import { WebhookReceiver as TheirReceiver } from 'livekit-server-sdk';
import { signLiveKitWebhook } from '../packages/sdk/src/auth/index.js';
import { WebhookReceiver } from '../packages/sdk/src/receiver/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1000);
const WARMUP_MS = 500;

const apiKey = 'APIbench7rT2xQ';
const apiSecret = 'benchSecret0f3c9e1d7a5b2c4e6f8a0b1c3d5e7f9a1b3c5d7e';

// A realistic participant_joined as LiveKit's Go server writes it: proto field order, int64 as strings, zero
// values omitted, and the ", " spacing some Go builds emit (so a receiver that re-serialises would fail).
const body = [
  '{"event":"participant_joined", "room":{"sid":"RM_7A62FjVFwWw5", "name":"demo-room", "emptyTimeout":300,',
  ' "departureTimeout":20, "creationTime":"1739900000", "creationTimeMs":"1739900000123",',
  ' "turnPassword":"f2Kq9xV3mT8pZ1wL", "enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}],',
  ' "numParticipants":2, "numPublishers":1,',
  ' "version":{"unixMicro":"1739900000123456", "ticks":3}}, "participant":{"sid":"PA_eU7nwP2s3FcN",',
  ' "identity":"alice", "state":"ACTIVE", "metadata":"{\\"tier\\":\\"pro\\"}",',
  ' "joinedAt":"1739900005", "joinedAtMs":"1739900005456", "name":"Alice Liddell", "version":3,',
  ' "permission":{"canSubscribe":true, "canPublish":true, "canPublishData":true,',
  ' "canUpdateMetadata":true},',
  ' "region":"eu-central", "isPublisher":true, "attributes":{"role":"host"},',
  ' "clientProtocol":1}, "id":"EV_kKc9DW235ytJ", "createdAt":"1739900006"}',
].join('');

const token = signLiveKitWebhook({ apiKey, apiSecret, body });
const ours = new WebhookReceiver(apiKey, apiSecret);
const theirs = new TheirReceiver(apiKey, apiSecret);

type Receive = () => Promise<unknown>;
const contenders: { name: string; receive: Receive; rates: number[] }[] = [
  { name: 'ours  (@roomhooks/sdk)', receive: () => ours.receive(body, token), rates: [] },
  { name: 'theirs (livekit-server-sdk 2.19)', receive: () => theirs.receive(body, token), rates: [] },
];

/** Sequential awaited calls for `ms` milliseconds; returns calls per second. */
async function round(receive: Receive, ms: number): Promise<number> {
  let calls = 0;
  const start = performance.now();
  const deadline = start + ms;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 64; i++) await receive();
    calls += 64;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

// Sanity: both accept the token and decode the same event before anything is timed.
const [a, b] = (await Promise.all(contenders.map((c) => c.receive()))) as { event: string; id: string }[];
if (a?.event !== 'participant_joined' || b?.event !== 'participant_joined' || a.id !== b.id) {
  throw new Error('the receivers disagree on the bench body');
}

console.log(`body ${Buffer.byteLength(body)} bytes, token ${token.length} chars, node ${process.version}`);
for (const c of contenders) await round(c.receive, WARMUP_MS);
for (let r = 0; r < ROUNDS; r++) {
  for (const c of contenders) c.rates.push(await round(c.receive, ROUND_MS));
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
for (const c of contenders) {
  console.log(
    `${c.name.padEnd(34)} ${fmt(mean(c.rates)).padStart(10)} receives/s   rounds: ${c.rates.map(fmt).join(', ')}`,
  );
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
const ourRates = contenders[0]!.rates;
const theirRates = contenders[1]!.rates;
const ratio = mean(ourRates) / mean(theirRates);
// The median ratio shrugs off a round disturbed by other processes, which the mean does not.
const medianRatio = median(ourRates) / median(theirRates);
console.log(`ratio ours/theirs: ${ratio.toFixed(1)}x (medians: ${medianRatio.toFixed(1)}x; goal >= 10x)`);
