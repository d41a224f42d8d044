import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWebhookEvent, encodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';

// The example bodies of the wire spec (section 3), one line each, in Go's declaration order.
const EXAMPLES = [
  '{"event":"room_started","room":{"sid":"RM_7A62FjVFwWw5","name":"demo-room","emptyTimeout":300,"departureTimeout":20,"creationTime":"1739900000","creationTimeMs":"1739900000123","turnPassword":"…","enabledCodecs":[{"mime":"audio/opus"},{"mime":"audio/red"},{"mime":"video/VP8"},{"mime":"video/H264"}],"version":{"unixMicro":"1739900000123456"}},"id":"EV_wNaSGtBdpsMJ","createdAt":"1739900000"}',
  '{"event":"participant_joined","room":{"sid":"RM_7A62FjVFwWw5","name":"demo-room","emptyTimeout":300,"creationTime":"1739900000","turnPassword":"…","enabledCodecs":[{"mime":"audio/opus"}],"numParticipants":1},"participant":{"sid":"PA_eU7nwP2s3FcN","identity":"alice","state":"ACTIVE","joinedAt":"1739900005","joinedAtMs":"1739900005456","name":"Alice","version":3,"permission":{"canSubscribe":true,"canPublish":true,"canPublishData":true},"attributes":{"role":"host"}},"id":"EV_kKc9DW235ytJ","createdAt":"1739900006"}',
  '{"event":"track_published","room":{"sid":"RM_7A62FjVFwWw5","name":"demo-room"},"participant":{"sid":"PA_eU7nwP2s3FcN","identity":"alice"},"track":{"sid":"TR_AMNTtQxevMRbsr","source":"MICROPHONE","mimeType":"audio/red","mid":"1","stream":"camera","version":{"unixMicro":"1771351848526591"},"audioFeatures":["TF_ECHO_CANCELLATION","TF_NOISE_SUPPRESSION"]},"id":"EV_jT6Y4xyzXsjM","createdAt":"1739900010"}',
  '{"event":"egress_ended","room":{"sid":"RM_7A62FjVFwWw5","name":"demo-room"},"egressInfo":{"egressId":"EG_pJTG6WdSWj4H","roomId":"RM_7A62FjVFwWw5","roomName":"demo-room","status":"EGRESS_COMPLETE","startedAt":"1739900130000000000","endedAt":"1739900790000000000","updatedAt":"1739900790000000000","roomComposite":{"roomName":"demo-room","layout":"grid","fileOutputs":[{"fileType":"MP4","filepath":"recordings/{room_name}-{time}.mp4","s3":{"region":"us-east-1","bucket":"my-bucket"}}]},"fileResults":[{"filename":"recordings/demo-room.mp4","startedAt":"1739900131000000000","endedAt":"1739900790000000000","duration":"659000000000","size":"48211234","location":"https://my-bucket.s3.amazonaws.com/recordings/demo-room.mp4"}]},"id":"EV_x9gNVkqfu8hc","createdAt":"1739900790"}',
  '{"event":"ingress_started","room":{"name":"demo-room"},"ingressInfo":{"ingressId":"IN_3kLk2fJ4z9Qa","name":"obs-stream","streamKey":"…","url":"rtmps://…","roomName":"demo-room","participantIdentity":"streamer","participantName":"Streamer","reusable":true,"state":{"status":"ENDPOINT_PUBLISHING","video":{"mimeType":"video/x-h264","averageBitrate":4500000,"width":1920,"height":1080,"framerate":30},"roomId":"RM_7A62FjVFwWw5","startedAt":"1739900200000000000","resourceId":"RT_ab12"},"enabled":true},"id":"EV_Qm4TnR8vW2xy","createdAt":"1739900201"}',
];

for (const body of EXAMPLES) {
  const name = (JSON.parse(body) as { event: string }).event;

  test(`${name}: the spec example decodes strictly and re-encodes to the same bytes`, () => {
    const event = parseWebhookEvent(body, { strict: true });
    assert.equal(event.event, name);
    assert.equal(encodeWebhookEvent(event), body);
  });

  test(`${name}: the Go ", " spacing variant decodes to the same event`, () => {
    const spaced = body.replaceAll('","', '", "').replaceAll('},"', '}, "').replaceAll('],"', '], "');
    assert.notEqual(spaced, body);
    assert.deepEqual(parseWebhookEvent(spaced), parseWebhookEvent(body));
    assert.equal(encodeWebhookEvent(parseWebhookEvent(spaced)), body);
  });

  test(`${name}: Uint8Array bodies decode like strings`, () => {
    assert.deepEqual(parseWebhookEvent(new TextEncoder().encode(body)), parseWebhookEvent(body));
  });
}

test('egress nanosecond times survive exactly as strings', () => {
  const event = parseWebhookEvent(EXAMPLES[3] ?? '', { strict: true });
  assert.equal(event.event, 'egress_ended');
  if (event.event !== 'egress_ended') return;
  assert.equal(event.egressInfo.startedAt, '1739900130000000000');
  assert.equal(event.egressInfo.fileResults?.[0]?.duration, '659000000000');
  assert.equal(
    BigInt(event.egressInfo.endedAt ?? '0') - BigInt(event.egressInfo.startedAt ?? '0'),
    660_000_000_000n,
  );
});

test('decode output holds only the fields present', () => {
  const event = decodeWebhookEvent({ event: 'room_started', room: { name: 'r' } });
  assert.deepEqual(event, { event: 'room_started', room: { name: 'r' } });
});
