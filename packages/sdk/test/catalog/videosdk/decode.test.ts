import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeVideoSdkWebhook,
  parseVideoSdkWebhook,
  sampleVideoSdkWebhook,
} from '../../../src/catalog/videosdk/index.js';
import { WebhookError, type WebhookErrorCode } from '../../../src/errors.js';
import { SEED_EXAMPLES } from './seed-examples.js';

/** Asserts that `fn` throws a WebhookError with `code` whose message contains every one of `parts`. */
function fails(code: WebhookErrorCode, fn: () => unknown, ...parts: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof WebhookError, `expected a WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const part of parts) assert.ok(err.message.includes(part), `"${err.message}" lacks "${part}"`);
    return true;
  });
}

const withData = (webhookType: string, data: Record<string, unknown>): unknown => ({ webhookType, data });

describe('decodeVideoSdkWebhook and parseVideoSdkWebhook on the published examples', () => {
  for (const text of SEED_EXAMPLES) {
    const expected: unknown = JSON.parse(text);
    const { webhookType } = expected as { webhookType: string };
    it(`${webhookType}: parses, strictly too, to exactly its JSON`, () => {
      assert.deepEqual(parseVideoSdkWebhook(text), expected);
      assert.deepEqual(parseVideoSdkWebhook(text, { strict: true }), expected);
      assert.deepEqual(parseVideoSdkWebhook(new TextEncoder().encode(text), { strict: true }), expected);
      assert.deepEqual(decodeVideoSdkWebhook(JSON.parse(text), { strict: true }), expected);
    });
  }

  it('narrows data on webhookType', () => {
    const webhook = parseVideoSdkWebhook(SEED_EXAMPLES[12]!, { strict: true });
    assert.equal(webhook.webhookType, 'participant-track-recording-stopped');
    if (webhook.webhookType !== 'participant-track-recording-stopped') return;
    assert.equal(webhook.data.kind, 'audio');
    assert.equal(webhook.data.fileDetails[0]?.filePath, '/encoded/videos/62d148951a1eb20029fc9b05.mp4');
  });
});

describe('decodeVideoSdkWebhook', () => {
  it('returns the very object, extra fields and all', () => {
    const body = {
      webhookType: 'participant-joined',
      data: { ...sampleVideoSdkWebhook('participant-joined').data, role: 'host', nested: { a: 1 } },
      deliveredAt: 'later',
    };
    assert.equal(decodeVideoSdkWebhook(body, { strict: true }), body);
    assert.deepEqual((decodeVideoSdkWebhook(body).data as Record<string, unknown>)['nested'], { a: 1 });
  });

  it('accepts the optional fields VideoSDK describes', () => {
    const playable = withData('hls-playable', {
      ...sampleVideoSdkWebhook('hls-playable').data,
      livestreamUrl: 'https://cdn.example/live.m3u8',
      downstreamUrl: 'https://cdn.example/old.m3u8',
    });
    assert.deepEqual(decodeVideoSdkWebhook(playable, { strict: true }), playable);
    const started = withData('hls-started', { meetingId: 'm', sessionId: 's' });
    assert.deepEqual(decodeVideoSdkWebhook(started, { strict: true }), started);
    const noFiles = withData('participant-recording-stopped', {
      meetingId: 'm',
      sessionId: 's',
      participantId: 'p',
      fileDetails: [],
    });
    assert.deepEqual(decodeVideoSdkWebhook(noFiles, { strict: true }), noFiles);
  });

  it('passes unknown types through, unchecked, unless strict', () => {
    const body = { webhookType: 'whiteboard-started', data: { meetingId: 42 } };
    assert.equal(decodeVideoSdkWebhook(body), body);
    fails(
      'invalid_event',
      () => decodeVideoSdkWebhook(body, { strict: true }),
      '"whiteboard-started"',
      'not a known type',
    );
    fails('invalid_event', () => decodeVideoSdkWebhook({ webhookType: '', data: {} }, { strict: true }));
  });

  it('rejects bodies of the wrong shape as malformed_body', () => {
    fails('malformed_body', () => decodeVideoSdkWebhook(null), 'body must be a JSON object', 'got null');
    fails('malformed_body', () => decodeVideoSdkWebhook([]), 'body must be a JSON object', 'got an array');
    fails('malformed_body', () => decodeVideoSdkWebhook('participant-joined'), 'body must be a JSON object');
    fails(
      'malformed_body',
      () => decodeVideoSdkWebhook({ data: {} }),
      'webhookType must be a string',
      'got nothing',
    );
    fails(
      'malformed_body',
      () => decodeVideoSdkWebhook({ webhookType: 7, data: {} }),
      'webhookType',
      'number 7',
    );
    fails(
      'malformed_body',
      () => decodeVideoSdkWebhook({ webhookType: 'hls-stopped' }),
      'data must be a JSON object',
    );
    fails(
      'malformed_body',
      () => decodeVideoSdkWebhook({ webhookType: 'x', data: [] }),
      'data must be',
      'an array',
    );
    fails(
      'malformed_body',
      () => decodeVideoSdkWebhook({ webhookType: 'x', data: 'y' }),
      'data must be',
      '"y"',
    );
  });

  it('rejects missing required fields as invalid_event, naming the field', () => {
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(
          withData('participant-joined', { meetingId: 'm', sessionId: 's', participantId: 'p' }),
        ),
      'participant-joined',
      'data.participantName',
    );
    fails(
      'invalid_event',
      () => decodeVideoSdkWebhook(withData('recording-started', { meetingId: 'm' })),
      'data.sessionId',
    );
    fails(
      'invalid_event',
      () => decodeVideoSdkWebhook(withData('hls-playable', { meetingId: 'm', sessionId: 's' })),
      'data.playbackHlsUrl',
    );
    fails(
      'invalid_event',
      () => decodeVideoSdkWebhook(withData('resource-acquired', { id: 'r' })),
      'data.type',
    );
    const { start: _start, ...noStart } = sampleVideoSdkWebhook('session-ended').data;
    fails('invalid_event', () => decodeVideoSdkWebhook(withData('session-ended', noStart)), 'data.start');
  });

  it('rejects fields of the wrong type as invalid_event, with their path', () => {
    const track = sampleVideoSdkWebhook('participant-track-recording-stopped').data;
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(withData('participant-track-recording-stopped', { ...track, kind: 'screen' })),
      'data.kind must be "audio" or "video"',
      'got the string "screen"',
    );
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(withData('participant-track-recording-stopped', { ...track, fileDetails: {} })),
      'data.fileDetails must be an array',
    );
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(
          withData('participant-track-recording-stopped', { ...track, fileDetails: [null] }),
        ),
      'data.fileDetails[0] must be an object, got null',
    );
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(
          withData('participant-recording-stopped', {
            meetingId: 'm',
            sessionId: 's',
            participantId: 'p',
            fileDetails: [
              { filePath: 'a', fileUrl: 'b' },
              { filePath: 'c', fileUrl: 5 },
            ],
          }),
        ),
      'participant-recording-stopped',
      'data.fileDetails[1].fileUrl must be a string, got number 5',
    );
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(withData('session-started', { meetingId: 'm', sessionId: null, start: 't' })),
      'data.sessionId must be a string, got null',
    );
    fails(
      'invalid_event',
      () =>
        decodeVideoSdkWebhook(
          withData('hls-playable', {
            meetingId: 'm',
            sessionId: 's',
            playbackHlsUrl: 'u',
            livestreamUrl: true,
          }),
        ),
      'data.livestreamUrl must be a string, got boolean true',
    );
  });
});

describe('parseVideoSdkWebhook', () => {
  it('rejects text that is not JSON as malformed_body', () => {
    fails('malformed_body', () => parseVideoSdkWebhook(''), 'not valid JSON');
    fails('malformed_body', () => parseVideoSdkWebhook('{"webhookType":"hls-stopped",}'), 'not valid JSON');
  });

  it('rejects bytes that are not UTF-8 as malformed_body', () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]); // {"\xff":1}
    fails('malformed_body', () => parseVideoSdkWebhook(bytes), 'not valid UTF-8');
  });

  it('applies the decoder checks after parsing', () => {
    fails('malformed_body', () => parseVideoSdkWebhook('[1,2]'), 'body must be a JSON object');
    fails(
      'invalid_event',
      () => parseVideoSdkWebhook('{"webhookType":"hls-playable","data":{}}'),
      'data.meetingId',
    );
    fails(
      'invalid_event',
      () => parseVideoSdkWebhook('{"webhookType":"nope","data":{}}', { strict: true }),
      '"nope"',
    );
  });

  it('accepts a UTF-8 byte order mark and non-ASCII text', () => {
    const text = JSON.stringify(sampleVideoSdkWebhook('participant-left', { participantName: 'Zoë 李' }));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    assert.deepEqual(parseVideoSdkWebhook(bytes, { strict: true }), JSON.parse(text));
  });
});
