import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  VIDEOSDK_TRANSLATABLE_EVENTS,
  hasVideoSdkEquivalent,
  livekitToVideoSdk,
  livekitToVideoSdkAll,
} from '../../src/catalog/translate.js';
import {
  WEBHOOK_EVENT_NAMES,
  sampleWebhookEvent,
  type EgressInfo,
  type EncodedFileOutput,
  type LooseWebhookEvent,
  type StreamOutput,
} from '../../src/catalog/livekit/index.js';
import { decodeVideoSdkWebhook, type VideoSdkWebhook } from '../../src/catalog/videosdk/index.js';

const ROOM = { sid: 'RM_7A62FjVFwWw5', name: 'demo-room' };
const MEETING = { meetingId: 'demo-room', sessionId: 'RM_7A62FjVFwWw5' };

/** Translates, checks that the result is a valid VideoSDK webhook, and returns it. */
function translate(event: LooseWebhookEvent): VideoSdkWebhook | undefined {
  const webhook = livekitToVideoSdk(event);
  if (webhook !== undefined)
    assert.deepEqual(decodeVideoSdkWebhook(structuredClone(webhook), { strict: true }), webhook);
  return webhook;
}

describe('livekitToVideoSdk: rooms', () => {
  it('room_started → session-started with the creation time', () => {
    assert.deepEqual(
      translate({
        event: 'room_started',
        room: { ...ROOM, emptyTimeout: 300, creationTime: '1739900000', creationTimeMs: '1739900000123' },
        id: 'EV_wNaSGtBdpsMJ',
        createdAt: '1739900001',
      }),
      { webhookType: 'session-started', data: { ...MEETING, start: '2025-02-18T17:33:20.000+00:00' } },
    );
  });

  it('room_finished → session-ended, ending when the event was created', () => {
    assert.deepEqual(
      translate({
        event: 'room_finished',
        room: { ...ROOM, creationTime: '1739900000' },
        createdAt: '1739903600',
        roomEndReason: 'ROOM_END_IDLE_TIMEOUT',
      }),
      {
        webhookType: 'session-ended',
        data: { ...MEETING, start: '2025-02-18T17:33:20.000+00:00', end: '2025-02-18T18:33:20.000+00:00' },
      },
    );
  });

  it('falls back to creationTimeMs, then to protobuf defaults (empty strings, the epoch)', () => {
    assert.deepEqual(
      translate({ event: 'room_started', room: { ...ROOM, creationTimeMs: '1739900000123' } }),
      {
        webhookType: 'session-started',
        data: { ...MEETING, start: '2025-02-18T17:33:20.123+00:00' },
      },
    );
    assert.deepEqual(translate({ event: 'room_finished', room: {} }), {
      webhookType: 'session-ended',
      data: {
        meetingId: '',
        sessionId: '',
        start: '1970-01-01T00:00:00.000+00:00',
        end: '1970-01-01T00:00:00.000+00:00',
      },
    });
    // Not an int64, or beyond what a Date holds: treated as absent rather than throwing.
    assert.deepEqual(translate({ event: 'room_started', room: { ...ROOM, creationTime: '17e8' } }), {
      webhookType: 'session-started',
      data: { ...MEETING, start: '1970-01-01T00:00:00.000+00:00' },
    });
    assert.deepEqual(
      translate({ event: 'room_started', room: { ...ROOM, creationTime: '99999999999999999' } }),
      {
        webhookType: 'session-started',
        data: { ...MEETING, start: '1970-01-01T00:00:00.000+00:00' },
      },
    );
  });

  it('translates the SDK samples too', () => {
    const event = sampleWebhookEvent('room_started');
    assert.deepEqual(translate(event), {
      webhookType: 'session-started',
      data: {
        meetingId: 'demo-room',
        sessionId: event.room.sid!,
        start: new Date(Number(event.room.creationTime) * 1000).toISOString().replace('Z', '+00:00'),
      },
    });
  });
});

describe('livekitToVideoSdk: participants', () => {
  const participant = { sid: 'PA_eU7nwP2s3FcN', identity: 'alice', name: 'Alice', state: 'ACTIVE' } as const;
  const expected = { ...MEETING, participantId: 'alice', participantName: 'Alice' };

  it('participant_joined → participant-joined', () => {
    assert.deepEqual(translate({ event: 'participant_joined', room: ROOM, participant }), {
      webhookType: 'participant-joined',
      data: expected,
    });
  });

  it('participant_left and participant_connection_aborted → participant-left', () => {
    for (const name of ['participant_left', 'participant_connection_aborted'] as const) {
      assert.deepEqual(translate({ event: name, room: ROOM, participant }), {
        webhookType: 'participant-left',
        data: expected,
      });
    }
  });

  it('an unnamed participant has an empty participantName (the protobuf default)', () => {
    assert.deepEqual(
      translate({ event: 'participant_joined', room: ROOM, participant: { identity: 'bot' } }),
      {
        webhookType: 'participant-joined',
        data: { ...MEETING, participantId: 'bot', participantName: '' },
      },
    );
  });

  it('translates the SDK samples too', () => {
    const event = sampleWebhookEvent('participant_left', { room: 'standup', identity: 'bob' });
    assert.deepEqual(translate(event), {
      webhookType: 'participant-left',
      data: {
        meetingId: 'standup',
        sessionId: event.room.sid!,
        participantId: 'bob',
        participantName: 'Bob',
      },
    });
  });
});

// ---- egress ----

const FILE_RESULT = {
  filename: 'recordings/demo-room.mp4',
  startedAt: '1739900131000000000',
  endedAt: '1739900790000000000',
  duration: '659000000000',
  size: '48211234',
  location: 'https://my-bucket.s3.amazonaws.com/recordings/demo-room.mp4',
};
const FILE_OUTPUT = { fileType: 'MP4', filepath: 'recordings/{room_name}-{time}.mp4' } as const;
const STREAM_OUTPUT: StreamOutput = { protocol: 'RTMP', urls: ['rtmps://live.example/app/key'] };
const SEGMENT_OUTPUT = {
  protocol: 'HLS_PROTOCOL',
  filenamePrefix: 'hls/demo',
  playlistName: 'index.m3u8',
} as const;
const SEGMENT_RESULT = {
  playlistName: 'hls/index.m3u8',
  livePlaylistName: 'hls/live.m3u8',
  playlistLocation: 'https://cdn.example/hls/index.m3u8',
  livePlaylistLocation: 'https://cdn.example/hls/live.m3u8',
};

/** An egress event with everything but the request, status and results, as LiveKit sends it. */
function egressEvent(name: string, info: EgressInfo): LooseWebhookEvent {
  return {
    event: name,
    room: ROOM,
    egressInfo: { egressId: 'EG_pJTG6WdSWj4H', roomId: ROOM.sid, roomName: ROOM.name, ...info },
    id: 'EV_x9gNVkqfu8hc',
    createdAt: '1739900790',
  };
}

type Status = EgressInfo['status'];
/** Every status LiveKit may send, including none at all (EGRESS_STARTING is omitted as the zero value). */
const STATUSES: readonly { status: Status; suffix: string; event: string }[] = [
  { status: undefined, suffix: 'starting', event: 'egress_started' },
  { status: 'EGRESS_STARTING', suffix: 'starting', event: 'egress_started' },
  { status: 'EGRESS_ACTIVE', suffix: 'started', event: 'egress_updated' },
  { status: 'EGRESS_ENDING', suffix: 'stopping', event: 'egress_updated' },
  { status: 'EGRESS_COMPLETE', suffix: 'stopped', event: 'egress_ended' },
  { status: 'EGRESS_FAILED', suffix: 'failed', event: 'egress_ended' },
  { status: 'EGRESS_ABORTED', suffix: 'failed', event: 'egress_ended' },
  { status: 'EGRESS_LIMIT_REACHED', suffix: 'failed', event: 'egress_ended' },
];
const withStatus = (status: Status): Pick<EgressInfo, 'status'> => (status === undefined ? {} : { status });

describe('livekitToVideoSdk: composite egress with file outputs → recording-*', () => {
  const requests: Record<string, EgressInfo> = {
    roomComposite: { roomComposite: { roomName: 'demo-room', layout: 'grid', fileOutputs: [FILE_OUTPUT] } },
    'roomComposite (deprecated file field)': { roomComposite: { roomName: 'demo-room', file: FILE_OUTPUT } },
    web: { web: { url: 'https://example.com/board', fileOutputs: [FILE_OUTPUT] } },
    trackComposite: {
      trackComposite: { roomName: 'demo-room', audioTrackId: 'TR_a', fileOutputs: [FILE_OUTPUT] },
    },
    'egress (template source)': {
      egress: { roomName: 'demo-room', template: { layout: 'speaker' }, outputs: [{ file: FILE_OUTPUT }] },
    },
  };
  for (const [kind, request] of Object.entries(requests)) {
    for (const { status, suffix, event } of STATUSES) {
      it(`${kind}, ${status ?? 'no status'} → recording-${suffix}`, () => {
        const results = suffix === 'stopped' ? { fileResults: [FILE_RESULT] } : {};
        const data =
          suffix === 'stopped'
            ? { ...MEETING, filePath: FILE_RESULT.filename, fileUrl: FILE_RESULT.location }
            : { ...MEETING };
        assert.deepEqual(translate(egressEvent(event, { ...withStatus(status), ...request, ...results })), {
          webhookType: `recording-${suffix}`,
          data,
        });
      });
    }
  }

  it('a completed recording whose file result is missing has empty filePath and fileUrl', () => {
    assert.deepEqual(
      translate(egressEvent('egress_ended', { status: 'EGRESS_COMPLETE', ...requests['web'] })),
      {
        webhookType: 'recording-stopped',
        data: { ...MEETING, filePath: '', fileUrl: '' },
      },
    );
  });

  it('reads the deprecated single file result', () => {
    assert.deepEqual(
      translate(
        egressEvent('egress_ended', { status: 'EGRESS_COMPLETE', ...requests['web'], file: FILE_RESULT }),
      ),
      {
        webhookType: 'recording-stopped',
        data: { ...MEETING, filePath: FILE_RESULT.filename, fileUrl: FILE_RESULT.location },
      },
    );
  });

  it('translates the SDK egress samples (a room-composite MP4 recording)', () => {
    for (const [name, type] of [
      ['egress_started', 'recording-starting'],
      ['egress_updated', 'recording-started'],
      ['egress_ended', 'recording-stopped'],
    ] as const) {
      const event = sampleWebhookEvent(name);
      const webhook = translate(event);
      assert.equal(webhook?.webhookType, type);
      assert.equal(webhook.data.meetingId, 'demo-room');
      assert.equal(webhook.data.sessionId, event.egressInfo.roomId);
      if (webhook.webhookType === 'recording-stopped') {
        assert.equal(webhook.data.filePath, 'recordings/demo-room.mp4');
        assert.equal(webhook.data.fileUrl, 'https://my-bucket.s3.amazonaws.com/recordings/demo-room.mp4');
      }
    }
  });
});

describe('livekitToVideoSdk: participant egress → participant-recording-*', () => {
  const request: EgressInfo = {
    participant: { roomName: 'demo-room', identity: 'alice', fileOutputs: [FILE_OUTPUT] },
  };
  for (const { status, suffix, event } of STATUSES) {
    it(`${status ?? 'no status'} → participant-recording-${suffix}`, () => {
      const base = { ...MEETING, participantId: 'alice' };
      const results =
        suffix === 'stopped' ? { fileResults: [FILE_RESULT, { ...FILE_RESULT, filename: 'b.mp4' }] } : {};
      const data =
        suffix === 'stopped'
          ? {
              ...base,
              fileDetails: [
                { filePath: FILE_RESULT.filename, fileUrl: FILE_RESULT.location },
                { filePath: 'b.mp4', fileUrl: FILE_RESULT.location },
              ],
            }
          : suffix === 'failed'
            ? base
            : { ...base, fileFormat: 'mp4' };
      assert.deepEqual(translate(egressEvent(event, { ...withStatus(status), ...request, ...results })), {
        webhookType: `participant-recording-${suffix}`,
        data,
      });
    });
  }

  it('takes fileFormat from the file type, else the path, else MP4', () => {
    const format = (fileOutputs: EncodedFileOutput[]): unknown => {
      const webhook = translate(
        egressEvent('egress_updated', {
          status: 'EGRESS_ACTIVE',
          participant: { identity: 'a', fileOutputs },
        }),
      );
      return webhook?.webhookType === 'participant-recording-started' ? webhook.data.fileFormat : webhook;
    };
    assert.equal(format([{ fileType: 'OGG', filepath: 'x.mp4' }]), 'ogg');
    assert.equal(format([{ fileType: 2 }]), 'ogg');
    assert.equal(format([{ filepath: 'rec/{time}.WEBM' }]), 'webm');
    assert.equal(format([{ fileType: 'DEFAULT_FILETYPE', filepath: 'rec/{time}' }]), 'mp4');
  });

  it('reads the participant from a unified egress request with a participant video source', () => {
    const info: EgressInfo = {
      status: 'EGRESS_ACTIVE',
      egress: {
        roomName: 'demo-room',
        media: { participantVideo: { identity: 'bob' }, audio: { routes: [{ participantIdentity: 'bob' }] } },
        outputs: [{ file: { fileType: 'MP4', filepath: 'bob.mp4' } }],
      },
    };
    assert.deepEqual(translate(egressEvent('egress_updated', info)), {
      webhookType: 'participant-recording-started',
      data: { ...MEETING, participantId: 'bob', fileFormat: 'mp4' },
    });
  });
});

describe('livekitToVideoSdk: track egress → participant-track-recording-*', () => {
  const request: EgressInfo = {
    track: { roomName: 'demo-room', trackId: 'TR_AMNTtQxevMRbsr', file: { filepath: 'tracks/mic.ogg' } },
  };
  const oggResult = {
    ...FILE_RESULT,
    filename: 'tracks/mic.ogg',
    location: 'https://cdn.example/tracks/mic.ogg',
  };
  for (const { status, suffix, event } of STATUSES) {
    it(`${status ?? 'no status'} → participant-track-recording-${suffix}`, () => {
      const base = { ...MEETING, participantId: '', kind: 'audio' };
      const results = suffix === 'stopped' ? { fileResults: [oggResult] } : {};
      const data =
        suffix === 'stopped'
          ? { ...base, fileDetails: [{ filePath: oggResult.filename, fileUrl: oggResult.location }] }
          : base;
      assert.deepEqual(translate(egressEvent(event, { ...withStatus(status), ...request, ...results })), {
        webhookType: `participant-track-recording-${suffix}`,
        data,
      });
    });
  }

  const kindOf = (info: EgressInfo, lookup?: Parameters<typeof livekitToVideoSdk>[1]): unknown => {
    const webhook = livekitToVideoSdk(
      egressEvent('egress_ended', { status: 'EGRESS_COMPLETE', ...info }),
      lookup,
    );
    return webhook?.webhookType === 'participant-track-recording-stopped'
      ? [webhook.data.kind, webhook.data.participantId]
      : webhook;
  };

  it('guesses the kind from the requested path, then the result file, then says audio (the zero TrackType)', () => {
    assert.deepEqual(kindOf({ track: { trackId: 'TR_v', file: { filepath: 'cam.webm' } } }), ['video', '']);
    assert.deepEqual(kindOf({ track: { trackId: 'TR_v', file: { filepath: 'cam.MP4' } } }), ['video', '']);
    assert.deepEqual(
      kindOf({ track: { trackId: 'TR_v', file: {} }, fileResults: [{ filename: 'TR_v-1.ivf' }] }),
      ['video', ''],
    );
    assert.deepEqual(kindOf({ track: { trackId: 'TR_a', file: { filepath: '{track_id}' } } }), ['audio', '']);
  });

  it('prefers what lookupTrack knows about the track', () => {
    const seen: string[] = [];
    const lookupTrack = (sid: string) => {
      seen.push(sid);
      return sid === 'TR_v' ? ({ participantId: 'alice', kind: 'video' } as const) : undefined;
    };
    assert.deepEqual(kindOf({ track: { trackId: 'TR_v', file: { filepath: 'x.ogg' } } }, { lookupTrack }), [
      'video',
      'alice',
    ]);
    assert.deepEqual(kindOf({ track: { trackId: 'TR_x', file: { filepath: 'x.ogg' } } }, { lookupTrack }), [
      'audio',
      '',
    ]);
    assert.deepEqual(seen, ['TR_v', 'TR_x']);
  });

  it('a track sent to a websocket has no VideoSDK equivalent', () => {
    assert.equal(
      translate(
        egressEvent('egress_updated', {
          status: 'EGRESS_ACTIVE',
          track: { trackId: 'TR_a', websocketUrl: 'wss://x' },
        }),
      ),
      undefined,
    );
  });
});

describe('livekitToVideoSdk: stream outputs → livestream-*', () => {
  const requests: Record<string, EgressInfo> = {
    roomComposite: { roomComposite: { roomName: 'demo-room', streamOutputs: [STREAM_OUTPUT] } },
    'web (deprecated stream field)': { web: { url: 'https://example.com', stream: STREAM_OUTPUT } },
    participant: { participant: { identity: 'alice', streamOutputs: [STREAM_OUTPUT] } },
    'egress (unified)': { egress: { template: {}, outputs: [{ stream: STREAM_OUTPUT }] } },
  };
  for (const [kind, request] of Object.entries(requests)) {
    for (const { status, suffix, event } of STATUSES) {
      it(`${kind}, ${status ?? 'no status'} → livestream-${suffix}`, () => {
        assert.deepEqual(translate(egressEvent(event, { ...withStatus(status), ...request })), {
          webhookType: `livestream-${suffix}`,
          data: { ...MEETING },
        });
      });
    }
  }
});

describe('livekitToVideoSdk: segment outputs → hls-*', () => {
  const request: EgressInfo = { roomComposite: { roomName: 'demo-room', segmentOutputs: [SEGMENT_OUTPUT] } };
  for (const { status, suffix, event } of STATUSES) {
    it(`${status ?? 'no status'}, no playlist yet → hls-${suffix}`, () => {
      assert.deepEqual(translate(egressEvent(event, { ...withStatus(status), ...request })), {
        webhookType: `hls-${suffix}`,
        data: { ...MEETING },
      });
    });
  }

  it('EGRESS_ACTIVE with a playlist location → hls-playable with both URLs', () => {
    assert.deepEqual(
      translate(
        egressEvent('egress_updated', {
          status: 'EGRESS_ACTIVE',
          ...request,
          segmentResults: [SEGMENT_RESULT],
        }),
      ),
      {
        webhookType: 'hls-playable',
        data: {
          ...MEETING,
          playbackHlsUrl: SEGMENT_RESULT.playlistLocation,
          livestreamUrl: SEGMENT_RESULT.livePlaylistLocation,
        },
      },
    );
    const { livePlaylistLocation: _live, ...onlyPlaylist } = SEGMENT_RESULT;
    assert.deepEqual(
      translate(
        egressEvent('egress_updated', { status: 'EGRESS_ACTIVE', ...request, segments: onlyPlaylist }),
      ),
      { webhookType: 'hls-playable', data: { ...MEETING, playbackHlsUrl: SEGMENT_RESULT.playlistLocation } },
    );
  });

  it('EGRESS_ACTIVE with only a live playlist → still hls-started (no playback URL yet)', () => {
    const { playlistLocation: _p, ...onlyLive } = SEGMENT_RESULT;
    assert.deepEqual(
      translate(
        egressEvent('egress_updated', { status: 'EGRESS_ACTIVE', ...request, segmentResults: [onlyLive] }),
      ),
      { webhookType: 'hls-started', data: { ...MEETING } },
    );
  });

  it('EGRESS_COMPLETE with results → hls-stopped', () => {
    assert.deepEqual(
      translate(
        egressEvent('egress_ended', {
          status: 'EGRESS_COMPLETE',
          ...request,
          segmentResults: [SEGMENT_RESULT],
        }),
      ),
      { webhookType: 'hls-stopped', data: { ...MEETING } },
    );
  });
});

describe('livekitToVideoSdk: egress edge cases', () => {
  it('accepts status as its enum number', () => {
    const request: EgressInfo = { roomComposite: { fileOutputs: [FILE_OUTPUT] } };
    const types = [0, 1, 2, 3, 4, 5, 6].map(
      (status) => translate(egressEvent('egress_updated', { status, ...request }))?.webhookType,
    );
    assert.deepEqual(types, [
      'recording-starting',
      'recording-started',
      'recording-stopping',
      'recording-stopped',
      'recording-failed',
      'recording-failed',
      'recording-failed',
    ]);
  });

  it('says nothing for a status newer than the SDK', () => {
    assert.equal(
      translate(egressEvent('egress_updated', { status: 7, roomComposite: { fileOutputs: [FILE_OUTPUT] } })),
      undefined,
    );
  });

  it('says nothing for egresses VideoSDK has no notion of: image-only, replay export, no outputs', () => {
    const images: EgressInfo = {
      status: 'EGRESS_ACTIVE',
      roomComposite: { imageOutputs: [{ filenamePrefix: 'snap' }] },
    };
    assert.equal(translate(egressEvent('egress_updated', images)), undefined);
    const replay: EgressInfo = {
      status: 'EGRESS_ACTIVE',
      replay: { replayId: 'RP_1', outputs: [{ file: FILE_OUTPUT }] },
    };
    assert.equal(translate(egressEvent('egress_updated', replay)), undefined);
    assert.equal(translate(egressEvent('egress_updated', { status: 'EGRESS_ACTIVE' })), undefined);
    assert.equal(translate({ event: 'egress_updated', room: ROOM }), undefined);
  });

  it('knows the outputs from the results when the request is missing', () => {
    assert.deepEqual(
      translate(egressEvent('egress_ended', { status: 'EGRESS_COMPLETE', fileResults: [FILE_RESULT] })),
      {
        webhookType: 'recording-stopped',
        data: { ...MEETING, filePath: FILE_RESULT.filename, fileUrl: FILE_RESULT.location },
      },
    );
    assert.deepEqual(
      translate(
        egressEvent('egress_updated', { status: 'EGRESS_ACTIVE', streamResults: [{ url: 'rtmp://x' }] }),
      ),
      { webhookType: 'livestream-started', data: { ...MEETING } },
    );
  });

  it('takes meetingId and sessionId from egressInfo, else from the room, else from the request', () => {
    const request = { roomComposite: { roomName: 'from-request', fileOutputs: [FILE_OUTPUT] } };
    assert.deepEqual(
      translate({
        event: 'egress_started',
        room: { sid: 'RM_room', name: 'from-room' },
        egressInfo: request,
      }),
      { webhookType: 'recording-starting', data: { meetingId: 'from-room', sessionId: 'RM_room' } },
    );
    assert.deepEqual(translate({ event: 'egress_started', egressInfo: request }), {
      webhookType: 'recording-starting',
      data: { meetingId: 'from-request', sessionId: '' },
    });
    assert.deepEqual(
      translate({
        event: 'egress_started',
        room: { sid: 'RM_room', name: 'from-room' },
        egressInfo: { ...request, roomId: 'RM_info', roomName: 'from-info' },
      }),
      { webhookType: 'recording-starting', data: { meetingId: 'from-info', sessionId: 'RM_info' } },
    );
  });

  it('an egress with several kinds of output is several webhooks: recording, HLS, livestream', () => {
    const event = egressEvent('egress_updated', {
      status: 'EGRESS_ACTIVE',
      roomComposite: {
        roomName: 'demo-room',
        fileOutputs: [FILE_OUTPUT],
        streamOutputs: [STREAM_OUTPUT],
        segmentOutputs: [SEGMENT_OUTPUT],
      },
      segmentResults: [SEGMENT_RESULT],
    });
    assert.deepEqual(livekitToVideoSdkAll(event), [
      { webhookType: 'recording-started', data: MEETING },
      {
        webhookType: 'hls-playable',
        data: {
          ...MEETING,
          playbackHlsUrl: SEGMENT_RESULT.playlistLocation,
          livestreamUrl: SEGMENT_RESULT.livePlaylistLocation,
        },
      },
      { webhookType: 'livestream-started', data: MEETING },
    ]);
    assert.deepEqual(livekitToVideoSdk(event), { webhookType: 'recording-started', data: MEETING });
  });

  it('is pure: the event is not changed and equal events give equal results', () => {
    const event = sampleWebhookEvent('egress_ended');
    const before = structuredClone(event);
    assert.deepEqual(livekitToVideoSdk(event), livekitToVideoSdk(structuredClone(event)));
    assert.deepEqual(event, before);
  });
});

describe('livekitToVideoSdk: events without a VideoSDK equivalent', () => {
  for (const name of [
    'track_published',
    'track_unpublished',
    'ingress_started',
    'ingress_ended',
    'agent_job_started',
    'agent_job_ended',
  ] as const) {
    it(`${name} → undefined`, () => {
      assert.equal(livekitToVideoSdk(sampleWebhookEvent(name)), undefined);
      assert.deepEqual(livekitToVideoSdkAll(sampleWebhookEvent(name)), []);
    });
  }

  it('unknown or missing event names → undefined', () => {
    assert.equal(livekitToVideoSdk({ event: 'room_metadata_updated', room: ROOM }), undefined);
    assert.equal(livekitToVideoSdk({ room: ROOM }), undefined);
  });
});

describe('hasVideoSdkEquivalent', () => {
  it('is true exactly for the events that can translate', () => {
    assert.deepEqual(
      WEBHOOK_EVENT_NAMES.filter((name) => hasVideoSdkEquivalent(name)),
      [...VIDEOSDK_TRANSLATABLE_EVENTS],
    );
    assert.equal(hasVideoSdkEquivalent('track_published'), false);
    assert.equal(hasVideoSdkEquivalent('nonsense'), false);
  });

  it('agrees with the translator on every sample event', () => {
    for (const name of WEBHOOK_EVENT_NAMES) {
      assert.equal(
        livekitToVideoSdk(sampleWebhookEvent(name)) !== undefined,
        hasVideoSdkEquivalent(name),
        name,
      );
    }
  });
});
