/**
 * LiveKit's webhook payload objects as they look on the wire (Go protojson, default options), typed from the
 * `.proto` declarations in livekit/protocol (`livekit_models`, `livekit_egress`, `livekit_ingress`,
 * `livekit_agent`). Field order here is the declaration order, which is also the order on the wire.
 *
 * Representation rules, shared by every interface below:
 * - Every field is optional: protojson omits default values ("", 0, false, empty lists and maps, and the zero
 *   value of every enum), so `TrackInfo.type` is absent for an audio track and `EgressInfo.status` is absent
 *   while an egress is starting.
 * - int64/uint64 fields are decimal strings ({@link Int64String}), as on the wire. Use `BigInt(x)` for
 *   arithmetic: egress and ingress times are nanoseconds, beyond `Number` precision.
 * - int32/uint32/double fields are numbers.
 * - Enum fields hold the value's name (`'VIDEO'`). A value number unknown to this SDK (sent by a newer
 *   LiveKit) is kept as that number, hence {@link OpenEnum}.
 * - A oneof is a set of sibling optional fields of which at most one is present.
 *
 * @module
 */

/**
 * An int64/uint64 as its decimal string, e.g. `"1739900130000000000"`. Use `BigInt(x)` for arithmetic.
 *
 * @example
 * ```ts
 * const seconds = Number(BigInt(info.endedAt ?? '0') - BigInt(info.startedAt ?? '0')) / 1e9;
 * ```
 */
export type Int64String = string;

/**
 * An enum field: the value's name, or its number when the name is unknown to this SDK (a newer LiveKit).
 * Comparing against a name (`x === 'VIDEO'`) works in both cases.
 */
export type OpenEnum<Name extends string> = Name | number;

/** `livekit.RoomEndReason`: ROOM_END_UNKNOWN=0, ROOM_END_API_DELETE=1, ROOM_END_IDLE_TIMEOUT=2, ROOM_END_SERVER_SHUTDOWN=3, ROOM_END_SUPERSEDED=4, ROOM_END_OPEN_FAILED=5. */
export type RoomEndReason =
  | 'ROOM_END_UNKNOWN'
  | 'ROOM_END_API_DELETE'
  | 'ROOM_END_IDLE_TIMEOUT'
  | 'ROOM_END_SERVER_SHUTDOWN'
  | 'ROOM_END_SUPERSEDED'
  | 'ROOM_END_OPEN_FAILED';

/** `livekit.ParticipantInfo.State`: JOINING=0, JOINED=1, ACTIVE=2, DISCONNECTED=3. */
export type ParticipantState = 'JOINING' | 'JOINED' | 'ACTIVE' | 'DISCONNECTED';

/** `livekit.ParticipantInfo.Kind`: STANDARD=0, INGRESS=1, EGRESS=2, SIP=3, AGENT=4, CONNECTOR=7, BRIDGE=8. */
export type ParticipantKind = 'STANDARD' | 'INGRESS' | 'EGRESS' | 'SIP' | 'AGENT' | 'CONNECTOR' | 'BRIDGE';

/** `livekit.DisconnectReason`: UNKNOWN_REASON=0, CLIENT_INITIATED=1, DUPLICATE_IDENTITY=2, SERVER_SHUTDOWN=3, PARTICIPANT_REMOVED=4, ROOM_DELETED=5, STATE_MISMATCH=6, JOIN_FAILURE=7, MIGRATION=8, SIGNAL_CLOSE=9, ROOM_CLOSED=10, USER_UNAVAILABLE=11, USER_REJECTED=12, SIP_TRUNK_FAILURE=13, CONNECTION_TIMEOUT=14, MEDIA_FAILURE=15, AGENT_ERROR=16. */
export type DisconnectReason =
  | 'UNKNOWN_REASON'
  | 'CLIENT_INITIATED'
  | 'DUPLICATE_IDENTITY'
  | 'SERVER_SHUTDOWN'
  | 'PARTICIPANT_REMOVED'
  | 'ROOM_DELETED'
  | 'STATE_MISMATCH'
  | 'JOIN_FAILURE'
  | 'MIGRATION'
  | 'SIGNAL_CLOSE'
  | 'ROOM_CLOSED'
  | 'USER_UNAVAILABLE'
  | 'USER_REJECTED'
  | 'SIP_TRUNK_FAILURE'
  | 'CONNECTION_TIMEOUT'
  | 'MEDIA_FAILURE'
  | 'AGENT_ERROR';

/** `livekit.ParticipantInfo.KindDetail`: CLOUD_AGENT=0, FORWARDED=1, CONNECTOR_WHATSAPP=2, CONNECTOR_TWILIO=3, BRIDGE_RTSP=4, SIMULATION=5. */
export type ParticipantKindDetail =
  'CLOUD_AGENT' | 'FORWARDED' | 'CONNECTOR_WHATSAPP' | 'CONNECTOR_TWILIO' | 'BRIDGE_RTSP' | 'SIMULATION';

/** `livekit.ClientInfo.Capability`: CAP_UNUSED=0, CAP_PACKET_TRAILER=1, CAP_COMPRESSION_DEFLATE_RAW=2. */
export type ClientCapability = 'CAP_UNUSED' | 'CAP_PACKET_TRAILER' | 'CAP_COMPRESSION_DEFLATE_RAW';

/** `livekit.TrackType`: AUDIO=0, VIDEO=1, DATA=2. */
export type TrackType = 'AUDIO' | 'VIDEO' | 'DATA';

/** `livekit.TrackSource`: UNKNOWN=0, CAMERA=1, MICROPHONE=2, SCREEN_SHARE=3, SCREEN_SHARE_AUDIO=4. */
export type TrackSource = 'UNKNOWN' | 'CAMERA' | 'MICROPHONE' | 'SCREEN_SHARE' | 'SCREEN_SHARE_AUDIO';

/** `livekit.Encryption.Type`: NONE=0, GCM=1, CUSTOM=2. */
export type EncryptionType = 'NONE' | 'GCM' | 'CUSTOM';

/** `livekit.AudioTrackFeature`: TF_STEREO=0, TF_NO_DTX=1, TF_AUTO_GAIN_CONTROL=2, TF_ECHO_CANCELLATION=3, TF_NOISE_SUPPRESSION=4, TF_ENHANCED_NOISE_CANCELLATION=5, TF_PRECONNECT_BUFFER=6. */
export type AudioTrackFeature =
  | 'TF_STEREO'
  | 'TF_NO_DTX'
  | 'TF_AUTO_GAIN_CONTROL'
  | 'TF_ECHO_CANCELLATION'
  | 'TF_NOISE_SUPPRESSION'
  | 'TF_ENHANCED_NOISE_CANCELLATION'
  | 'TF_PRECONNECT_BUFFER';

/** `livekit.BackupCodecPolicy`: PREFER_REGRESSION=0, SIMULCAST=1, REGRESSION=2. */
export type BackupCodecPolicy = 'PREFER_REGRESSION' | 'SIMULCAST' | 'REGRESSION';

/** `livekit.PacketTrailerFeature`: PTF_USER_TIMESTAMP=0, PTF_FRAME_ID=1, PTF_USER_DATA=2. */
export type PacketTrailerFeature = 'PTF_USER_TIMESTAMP' | 'PTF_FRAME_ID' | 'PTF_USER_DATA';

/** `livekit.VideoQuality`: LOW=0, MEDIUM=1, HIGH=2, OFF=3. */
export type VideoQuality = 'LOW' | 'MEDIUM' | 'HIGH' | 'OFF';

/** `livekit.VideoLayer.Mode`: MODE_UNUSED=0, ONE_SPATIAL_LAYER_PER_STREAM=1, MULTIPLE_SPATIAL_LAYERS_PER_STREAM=2, ONE_SPATIAL_LAYER_PER_STREAM_INCOMPLETE_RTCP_SR=3. */
export type VideoLayerMode =
  | 'MODE_UNUSED'
  | 'ONE_SPATIAL_LAYER_PER_STREAM'
  | 'MULTIPLE_SPATIAL_LAYERS_PER_STREAM'
  | 'ONE_SPATIAL_LAYER_PER_STREAM_INCOMPLETE_RTCP_SR';

/** `livekit.DataTrackFrameEncoding.WellKnownFrameEncoding`: WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED=0, WELL_KNOWN_FRAME_ENCODING_ROS1=1, WELL_KNOWN_FRAME_ENCODING_CDR=2, WELL_KNOWN_FRAME_ENCODING_PROTOBUF=3, WELL_KNOWN_FRAME_ENCODING_FLATBUFFER=4, WELL_KNOWN_FRAME_ENCODING_CBOR=5, WELL_KNOWN_FRAME_ENCODING_MSGPACK=6, WELL_KNOWN_FRAME_ENCODING_JSON=7. */
export type WellKnownFrameEncoding =
  | 'WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED'
  | 'WELL_KNOWN_FRAME_ENCODING_ROS1'
  | 'WELL_KNOWN_FRAME_ENCODING_CDR'
  | 'WELL_KNOWN_FRAME_ENCODING_PROTOBUF'
  | 'WELL_KNOWN_FRAME_ENCODING_FLATBUFFER'
  | 'WELL_KNOWN_FRAME_ENCODING_CBOR'
  | 'WELL_KNOWN_FRAME_ENCODING_MSGPACK'
  | 'WELL_KNOWN_FRAME_ENCODING_JSON';

/** `livekit.DataTrackSchemaEncoding.WellKnownSchemaEncoding`: WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED=0, WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF=1, WELL_KNOWN_SCHEMA_ENCODING_FLATBUFFER=2, WELL_KNOWN_SCHEMA_ENCODING_ROS1_MSG=3, WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG=4, WELL_KNOWN_SCHEMA_ENCODING_ROS2_IDL=5, WELL_KNOWN_SCHEMA_ENCODING_OMG_IDL=6, WELL_KNOWN_SCHEMA_ENCODING_JSON_SCHEMA=7. */
export type WellKnownSchemaEncoding =
  | 'WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED'
  | 'WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF'
  | 'WELL_KNOWN_SCHEMA_ENCODING_FLATBUFFER'
  | 'WELL_KNOWN_SCHEMA_ENCODING_ROS1_MSG'
  | 'WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG'
  | 'WELL_KNOWN_SCHEMA_ENCODING_ROS2_IDL'
  | 'WELL_KNOWN_SCHEMA_ENCODING_OMG_IDL'
  | 'WELL_KNOWN_SCHEMA_ENCODING_JSON_SCHEMA';

/** `livekit.EgressSourceType`: EGRESS_SOURCE_TYPE_WEB=0, EGRESS_SOURCE_TYPE_SDK=1. */
export type EgressSourceType = 'EGRESS_SOURCE_TYPE_WEB' | 'EGRESS_SOURCE_TYPE_SDK';

/** `livekit.EgressStatus`: EGRESS_STARTING=0, EGRESS_ACTIVE=1, EGRESS_ENDING=2, EGRESS_COMPLETE=3, EGRESS_FAILED=4, EGRESS_ABORTED=5, EGRESS_LIMIT_REACHED=6. */
export type EgressStatus =
  | 'EGRESS_STARTING'
  | 'EGRESS_ACTIVE'
  | 'EGRESS_ENDING'
  | 'EGRESS_COMPLETE'
  | 'EGRESS_FAILED'
  | 'EGRESS_ABORTED'
  | 'EGRESS_LIMIT_REACHED';

/** `livekit.EncodingOptionsPreset`: H264_720P_30=0, H264_720P_60=1, H264_1080P_30=2, H264_1080P_60=3, PORTRAIT_H264_720P_30=4, PORTRAIT_H264_720P_60=5, PORTRAIT_H264_1080P_30=6, PORTRAIT_H264_1080P_60=7, PASSTHROUGH=8. */
export type EncodingOptionsPreset =
  | 'H264_720P_30'
  | 'H264_720P_60'
  | 'H264_1080P_30'
  | 'H264_1080P_60'
  | 'PORTRAIT_H264_720P_30'
  | 'PORTRAIT_H264_720P_60'
  | 'PORTRAIT_H264_1080P_30'
  | 'PORTRAIT_H264_1080P_60'
  | 'PASSTHROUGH';

/** `livekit.AudioChannel`: AUDIO_CHANNEL_BOTH=0, AUDIO_CHANNEL_LEFT=1, AUDIO_CHANNEL_RIGHT=2. */
export type AudioChannel = 'AUDIO_CHANNEL_BOTH' | 'AUDIO_CHANNEL_LEFT' | 'AUDIO_CHANNEL_RIGHT';

/** `livekit.AudioCodec`: DEFAULT_AC=0, OPUS=1, AAC=2, AC_MP3=3. */
export type AudioCodec = 'DEFAULT_AC' | 'OPUS' | 'AAC' | 'AC_MP3';

/** `livekit.VideoCodec`: DEFAULT_VC=0, H264_BASELINE=1, H264_MAIN=2, H264_HIGH=3, VP8=4. */
export type VideoCodec = 'DEFAULT_VC' | 'H264_BASELINE' | 'H264_MAIN' | 'H264_HIGH' | 'VP8';

/** `livekit.EncodedFileType`: DEFAULT_FILETYPE=0, MP4=1, OGG=2, MP3=3. */
export type EncodedFileType = 'DEFAULT_FILETYPE' | 'MP4' | 'OGG' | 'MP3';

/** `livekit.StreamProtocol`: DEFAULT_PROTOCOL=0, RTMP=1, SRT=2, WEBSOCKET=3. */
export type StreamProtocol = 'DEFAULT_PROTOCOL' | 'RTMP' | 'SRT' | 'WEBSOCKET';

/** `livekit.SegmentedFileProtocol`: DEFAULT_SEGMENTED_FILE_PROTOCOL=0, HLS_PROTOCOL=1. */
export type SegmentedFileProtocol = 'DEFAULT_SEGMENTED_FILE_PROTOCOL' | 'HLS_PROTOCOL';

/** `livekit.SegmentedFileSuffix`: INDEX=0, TIMESTAMP=1. */
export type SegmentedFileSuffix = 'INDEX' | 'TIMESTAMP';

/** `livekit.ImageFileSuffix`: IMAGE_SUFFIX_INDEX=0, IMAGE_SUFFIX_TIMESTAMP=1, IMAGE_SUFFIX_NONE_OVERWRITE=2. */
export type ImageFileSuffix = 'IMAGE_SUFFIX_INDEX' | 'IMAGE_SUFFIX_TIMESTAMP' | 'IMAGE_SUFFIX_NONE_OVERWRITE';

/** `livekit.ImageCodec`: IC_DEFAULT=0, IC_JPEG=1. */
export type ImageCodec = 'IC_DEFAULT' | 'IC_JPEG';

/** `livekit.AudioMixing`: DEFAULT_MIXING=0, DUAL_CHANNEL_AGENT=1, DUAL_CHANNEL_ALTERNATE=2. */
export type AudioMixing = 'DEFAULT_MIXING' | 'DUAL_CHANNEL_AGENT' | 'DUAL_CHANNEL_ALTERNATE';

/** `livekit.StreamInfo.Status`: ACTIVE=0, FINISHED=1, FAILED=2. */
export type StreamInfoStatus = 'ACTIVE' | 'FINISHED' | 'FAILED';

/** `livekit.IngressInput`: RTMP_INPUT=0, WHIP_INPUT=1, URL_INPUT=2. */
export type IngressInputType = 'RTMP_INPUT' | 'WHIP_INPUT' | 'URL_INPUT';

/** `livekit.IngressAudioEncodingPreset`: OPUS_STEREO_96KBPS=0, OPUS_MONO_64KBS=1. */
export type IngressAudioEncodingPreset = 'OPUS_STEREO_96KBPS' | 'OPUS_MONO_64KBS';

/** `livekit.IngressVideoEncodingPreset`: H264_720P_30FPS_3_LAYERS=0, H264_1080P_30FPS_3_LAYERS=1, H264_540P_25FPS_2_LAYERS=2, H264_720P_30FPS_1_LAYER=3, H264_1080P_30FPS_1_LAYER=4, H264_720P_30FPS_3_LAYERS_HIGH_MOTION=5, H264_1080P_30FPS_3_LAYERS_HIGH_MOTION=6, H264_540P_25FPS_2_LAYERS_HIGH_MOTION=7, H264_720P_30FPS_1_LAYER_HIGH_MOTION=8, H264_1080P_30FPS_1_LAYER_HIGH_MOTION=9. */
export type IngressVideoEncodingPreset =
  | 'H264_720P_30FPS_3_LAYERS'
  | 'H264_1080P_30FPS_3_LAYERS'
  | 'H264_540P_25FPS_2_LAYERS'
  | 'H264_720P_30FPS_1_LAYER'
  | 'H264_1080P_30FPS_1_LAYER'
  | 'H264_720P_30FPS_3_LAYERS_HIGH_MOTION'
  | 'H264_1080P_30FPS_3_LAYERS_HIGH_MOTION'
  | 'H264_540P_25FPS_2_LAYERS_HIGH_MOTION'
  | 'H264_720P_30FPS_1_LAYER_HIGH_MOTION'
  | 'H264_1080P_30FPS_1_LAYER_HIGH_MOTION';

/** `livekit.IngressState.Status`: ENDPOINT_INACTIVE=0, ENDPOINT_BUFFERING=1, ENDPOINT_PUBLISHING=2, ENDPOINT_ERROR=3, ENDPOINT_COMPLETE=4. */
export type IngressStatus =
  'ENDPOINT_INACTIVE' | 'ENDPOINT_BUFFERING' | 'ENDPOINT_PUBLISHING' | 'ENDPOINT_ERROR' | 'ENDPOINT_COMPLETE';

/** `livekit.JobType`: JT_ROOM=0, JT_PUBLISHER=1, JT_PARTICIPANT=2. */
export type JobType = 'JT_ROOM' | 'JT_PUBLISHER' | 'JT_PARTICIPANT';

/** `livekit.JobStatus`: JS_PENDING=0, JS_RUNNING=1, JS_SUCCESS=2, JS_FAILED=3. */
export type JobStatus = 'JS_PENDING' | 'JS_RUNNING' | 'JS_SUCCESS' | 'JS_FAILED';

/** `livekit.Room`. */
export interface Room {
  /** Room id, `RM_` + 12 base57 chars. */
  sid?: string;
  /** Room name, unique per project; the ordering key of room, participant and track events. */
  name?: string;
  /** Seconds an empty room stays open before closing (uint32). */
  emptyTimeout?: number;
  /** Seconds the room stays open after the last participant left (uint32). */
  departureTimeout?: number;
  /** uint32. */
  maxParticipants?: number;
  /** Creation time, Unix **seconds** (int64). */
  creationTime?: Int64String;
  /** Creation time, Unix **milliseconds** (int64). */
  creationTimeMs?: Int64String;
  turnPassword?: string;
  enabledCodecs?: Codec[];
  metadata?: string;
  /** Participants at the time of the event (uint32); known to lag on participant_left (livekit#2065). */
  numParticipants?: number;
  /** uint32. */
  numPublishers?: number;
  activeRecording?: boolean;
  /** Monotonic version used to order room updates. */
  version?: TimedVersion;
}

/** `livekit.Codec`. */
export interface Codec {
  mime?: string;
  fmtpLine?: string;
}

/** `livekit.TimedVersion`. */
export interface TimedVersion {
  /** Unix **microseconds** (int64). */
  unixMicro?: Int64String;
  /** int32. */
  ticks?: number;
}

/** `livekit.ParticipantInfo`. */
export interface ParticipantInfo {
  /** Participant session id, `PA_` + 12 base57 chars; changes on every join. */
  sid?: string;
  /** Stable identity from the access token. */
  identity?: string;
  /** Absent means `JOINING` (the zero value is never sent). */
  state?: OpenEnum<ParticipantState>;
  tracks?: TrackInfo[];
  metadata?: string;
  /** Join time, Unix **seconds** (int64). */
  joinedAt?: Int64String;
  /** Join time, Unix **milliseconds** (int64). */
  joinedAtMs?: Int64String;
  name?: string;
  /** uint32. */
  version?: number;
  permission?: ParticipantPermission;
  region?: string;
  isPublisher?: boolean;
  /** Absent means `STANDARD`. */
  kind?: OpenEnum<ParticipantKind>;
  attributes?: Record<string, string>;
  /** Why the participant left; set on participant_left / participant_connection_aborted. */
  disconnectReason?: OpenEnum<DisconnectReason>;
  kindDetails?: Array<OpenEnum<ParticipantKindDetail>>;
  dataTracks?: DataTrackInfo[];
  /** int32. */
  clientProtocol?: number;
  capabilities?: Array<OpenEnum<ClientCapability>>;
}

/** `livekit.TrackInfo`. */
export interface TrackInfo {
  /** Track id, `TR_` + base57 chars. */
  sid?: string;
  /** Absent means `AUDIO` (the zero value is never sent). */
  type?: OpenEnum<TrackType>;
  name?: string;
  muted?: boolean;
  /** uint32. */
  width?: number;
  /** uint32. */
  height?: number;
  simulcast?: boolean;
  disableDtx?: boolean;
  /** Absent means `UNKNOWN`. */
  source?: OpenEnum<TrackSource>;
  layers?: VideoLayer[];
  mimeType?: string;
  mid?: string;
  codecs?: SimulcastCodecInfo[];
  stereo?: boolean;
  disableRed?: boolean;
  encryption?: OpenEnum<EncryptionType>;
  stream?: string;
  version?: TimedVersion;
  audioFeatures?: Array<OpenEnum<AudioTrackFeature>>;
  backupCodecPolicy?: OpenEnum<BackupCodecPolicy>;
  packetTrailerFeatures?: Array<OpenEnum<PacketTrailerFeature>>;
}

/** `livekit.VideoLayer`. */
export interface VideoLayer {
  quality?: OpenEnum<VideoQuality>;
  /** uint32. */
  width?: number;
  /** uint32. */
  height?: number;
  /** uint32. */
  bitrate?: number;
  /** uint32. */
  ssrc?: number;
  /** int32. */
  spatialLayer?: number;
  rid?: string;
  /** uint32. */
  repairSsrc?: number;
}

/** `livekit.SimulcastCodecInfo`. */
export interface SimulcastCodecInfo {
  mimeType?: string;
  mid?: string;
  cid?: string;
  layers?: VideoLayer[];
  videoLayerMode?: OpenEnum<VideoLayerMode>;
  sdpCid?: string;
}

/** `livekit.ParticipantPermission`. */
export interface ParticipantPermission {
  canSubscribe?: boolean;
  canPublish?: boolean;
  canPublishData?: boolean;
  canPublishSources?: Array<OpenEnum<TrackSource>>;
  hidden?: boolean;
  recorder?: boolean;
  canUpdateMetadata?: boolean;
  agent?: boolean;
  canSubscribeMetrics?: boolean;
  canManageAgentSession?: boolean;
}

/** `livekit.DataTrackInfo`. */
export interface DataTrackInfo {
  /** uint32. */
  pubHandle?: number;
  sid?: string;
  name?: string;
  encryption?: OpenEnum<EncryptionType>;
  /** explicit presence. */
  frameEncoding?: DataTrackFrameEncoding;
  /** explicit presence. */
  schema?: DataTrackSchemaId;
}

/** `livekit.DataTrackFrameEncoding`. */
export interface DataTrackFrameEncoding {
  /** oneof `value`. */
  wellKnown?: OpenEnum<WellKnownFrameEncoding>;
  /** oneof `value`. */
  custom?: string;
}

/** `livekit.DataTrackSchemaId`. */
export interface DataTrackSchemaId {
  name?: string;
  encoding?: DataTrackSchemaEncoding;
}

/** `livekit.DataTrackSchemaEncoding`. */
export interface DataTrackSchemaEncoding {
  /** oneof `value`. */
  wellKnown?: OpenEnum<WellKnownSchemaEncoding>;
  /** oneof `value`. */
  custom?: string;
}

/** `livekit.EgressInfo`. */
export interface EgressInfo {
  /** Egress id, `EG_` + 12 base57 chars; the ordering key of egress events. */
  egressId?: string;
  roomId?: string;
  roomName?: string;
  sourceType?: OpenEnum<EgressSourceType>;
  /** Absent means `EGRESS_STARTING` (the zero value is never sent; egress#862). */
  status?: OpenEnum<EgressStatus>;
  /** Unix **nanoseconds** (int64): beyond Number precision, use `BigInt`. */
  startedAt?: Int64String;
  /** Unix **nanoseconds** (int64). */
  endedAt?: Int64String;
  /** Unix **nanoseconds** (int64). */
  updatedAt?: Int64String;
  /** oneof `request`. */
  egress?: StartEgressRequest;
  /** oneof `request`. */
  replay?: ExportReplayRequest;
  /** oneof `request`. */
  roomComposite?: RoomCompositeEgressRequest;
  /** oneof `request`. */
  web?: WebEgressRequest;
  /** oneof `request`. */
  participant?: ParticipantEgressRequest;
  /** oneof `request`. */
  trackComposite?: TrackCompositeEgressRequest;
  /** oneof `request`. */
  track?: TrackEgressRequest;
  streamResults?: StreamInfo[];
  fileResults?: FileInfo[];
  segmentResults?: SegmentsInfo[];
  imageResults?: ImagesInfo[];
  error?: string;
  /** int32. */
  errorCode?: number;
  details?: string;
  manifestLocation?: string;
  backupStorageUsed?: boolean;
  /** int32. */
  retryCount?: number;
  /** oneof `result`. */
  stream?: StreamInfoList;
  /** oneof `result`. */
  file?: FileInfo;
  /** oneof `result`. */
  segments?: SegmentsInfo;
}

/** `livekit.StartEgressRequest`. */
export interface StartEgressRequest {
  roomName?: string;
  /** oneof `source`. */
  template?: TemplateSource;
  /** oneof `source`. */
  web?: WebSource;
  /** oneof `source`. */
  media?: MediaSource;
  /** oneof `encoding`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `encoding`. */
  advanced?: EncodingOptions;
  outputs?: Output[];
  storage?: StorageConfig;
  webhooks?: WebhookConfig[];
}

/** `livekit.TemplateSource`. */
export interface TemplateSource {
  layout?: string;
  audioOnly?: boolean;
  videoOnly?: boolean;
  customBaseUrl?: string;
}

/** `livekit.WebSource`. */
export interface WebSource {
  url?: string;
  audioOnly?: boolean;
  videoOnly?: boolean;
  awaitStartSignal?: boolean;
}

/** `livekit.MediaSource`. */
export interface MediaSource {
  /** oneof `video`. */
  videoTrackId?: string;
  /** oneof `video`. */
  participantVideo?: ParticipantVideo;
  audio?: AudioConfig;
}

/** `livekit.ParticipantVideo`. */
export interface ParticipantVideo {
  identity?: string;
  preferScreenShare?: boolean;
}

/** `livekit.AudioConfig`. */
export interface AudioConfig {
  captureAll?: boolean;
  routes?: AudioRoute[];
}

/** `livekit.AudioRoute`. */
export interface AudioRoute {
  /** oneof `match`. */
  trackId?: string;
  /** oneof `match`. */
  participantIdentity?: string;
  /** oneof `match`. */
  participantKind?: OpenEnum<ParticipantKind>;
  channel?: OpenEnum<AudioChannel>;
}

/** `livekit.EncodingOptions`. */
export interface EncodingOptions {
  /** int32. */
  width?: number;
  /** int32. */
  height?: number;
  /** int32. */
  depth?: number;
  /** int32. */
  framerate?: number;
  audioCodec?: OpenEnum<AudioCodec>;
  /** int32. */
  audioBitrate?: number;
  /** int32. */
  audioFrequency?: number;
  videoCodec?: OpenEnum<VideoCodec>;
  /** int32. */
  videoBitrate?: number;
  /** double. */
  keyFrameInterval?: number;
  /** int32. */
  audioQuality?: number;
  /** int32. */
  videoQuality?: number;
}

/** `livekit.Output`. */
export interface Output {
  /** oneof `config`. */
  file?: FileOutput;
  /** oneof `config`. */
  stream?: StreamOutput;
  /** oneof `config`. */
  segments?: SegmentedFileOutput;
  /** oneof `config`. */
  images?: ImageOutput;
  storage?: StorageConfig;
}

/** `livekit.FileOutput`. */
export interface FileOutput {
  fileType?: OpenEnum<EncodedFileType>;
  filepath?: string;
  disableManifest?: boolean;
}

/** `livekit.StreamOutput`. */
export interface StreamOutput {
  protocol?: OpenEnum<StreamProtocol>;
  urls?: string[];
}

/** `livekit.SegmentedFileOutput`. */
export interface SegmentedFileOutput {
  protocol?: OpenEnum<SegmentedFileProtocol>;
  filenamePrefix?: string;
  playlistName?: string;
  livePlaylistName?: string;
  /** uint32. */
  segmentDuration?: number;
  filenameSuffix?: OpenEnum<SegmentedFileSuffix>;
  disableManifest?: boolean;
  /** oneof `output`. */
  s3?: S3Upload;
  /** oneof `output`. */
  gcp?: GCPUpload;
  /** oneof `output`. */
  azure?: AzureBlobUpload;
  /** oneof `output`. */
  aliOSS?: AliOSSUpload;
}

/** `livekit.S3Upload`. */
export interface S3Upload {
  accessKey?: string;
  secret?: string;
  sessionToken?: string;
  assumeRoleArn?: string;
  assumeRoleExternalId?: string;
  region?: string;
  endpoint?: string;
  bucket?: string;
  forcePathStyle?: boolean;
  metadata?: Record<string, string>;
  tagging?: string;
  contentDisposition?: string;
  proxy?: ProxyConfig;
}

/** `livekit.ProxyConfig`. */
export interface ProxyConfig {
  url?: string;
  username?: string;
  password?: string;
}

/** `livekit.GCPUpload`. */
export interface GCPUpload {
  credentials?: string;
  bucket?: string;
  proxy?: ProxyConfig;
}

/** `livekit.AzureBlobUpload`. */
export interface AzureBlobUpload {
  accountName?: string;
  accountKey?: string;
  containerName?: string;
}

/** `livekit.AliOSSUpload`. */
export interface AliOSSUpload {
  accessKey?: string;
  secret?: string;
  region?: string;
  endpoint?: string;
  bucket?: string;
}

/** `livekit.ImageOutput`. */
export interface ImageOutput {
  /** uint32. */
  captureInterval?: number;
  /** int32. */
  width?: number;
  /** int32. */
  height?: number;
  filenamePrefix?: string;
  filenameSuffix?: OpenEnum<ImageFileSuffix>;
  imageCodec?: OpenEnum<ImageCodec>;
  disableManifest?: boolean;
  /** oneof `output`. */
  s3?: S3Upload;
  /** oneof `output`. */
  gcp?: GCPUpload;
  /** oneof `output`. */
  azure?: AzureBlobUpload;
  /** oneof `output`. */
  aliOSS?: AliOSSUpload;
}

/** `livekit.StorageConfig`. */
export interface StorageConfig {
  /** oneof `provider`. */
  s3?: S3Upload;
  /** oneof `provider`. */
  gcp?: GCPUpload;
  /** oneof `provider`. */
  azure?: AzureBlobUpload;
  /** oneof `provider`. */
  aliOSS?: AliOSSUpload;
}

/** `livekit.WebhookConfig`. */
export interface WebhookConfig {
  url?: string;
  signingKey?: string;
  filterParams?: FilterParams;
}

/** `livekit.FilterParams`. */
export interface FilterParams {
  includeEvents?: string[];
  excludeEvents?: string[];
}

/** `livekit.ExportReplayRequest`. */
export interface ExportReplayRequest {
  replayId?: string;
  /** int64. */
  startOffsetMs?: Int64String;
  /** int64. */
  endOffsetMs?: Int64String;
  /** oneof `source`. */
  template?: TemplateSource;
  /** oneof `source`. */
  web?: WebSource;
  /** oneof `source`. */
  media?: MediaSource;
  /** oneof `encoding`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `encoding`. */
  advanced?: EncodingOptions;
  outputs?: Output[];
  storage?: StorageConfig;
  webhooks?: WebhookConfig[];
}

/** `livekit.RoomCompositeEgressRequest`. */
export interface RoomCompositeEgressRequest {
  roomName?: string;
  layout?: string;
  audioOnly?: boolean;
  audioMixing?: OpenEnum<AudioMixing>;
  videoOnly?: boolean;
  customBaseUrl?: string;
  /** oneof `output`. */
  file?: EncodedFileOutput;
  /** oneof `output`. */
  stream?: StreamOutput;
  /** oneof `output`. */
  segments?: SegmentedFileOutput;
  /** oneof `options`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `options`. */
  advanced?: EncodingOptions;
  fileOutputs?: EncodedFileOutput[];
  streamOutputs?: StreamOutput[];
  segmentOutputs?: SegmentedFileOutput[];
  imageOutputs?: ImageOutput[];
  webhooks?: WebhookConfig[];
}

/** `livekit.EncodedFileOutput`. */
export interface EncodedFileOutput {
  fileType?: OpenEnum<EncodedFileType>;
  filepath?: string;
  disableManifest?: boolean;
  /** oneof `output`. */
  s3?: S3Upload;
  /** oneof `output`. */
  gcp?: GCPUpload;
  /** oneof `output`. */
  azure?: AzureBlobUpload;
  /** oneof `output`. */
  aliOSS?: AliOSSUpload;
}

/** `livekit.WebEgressRequest`. */
export interface WebEgressRequest {
  url?: string;
  audioOnly?: boolean;
  videoOnly?: boolean;
  awaitStartSignal?: boolean;
  /** oneof `output`. */
  file?: EncodedFileOutput;
  /** oneof `output`. */
  stream?: StreamOutput;
  /** oneof `output`. */
  segments?: SegmentedFileOutput;
  /** oneof `options`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `options`. */
  advanced?: EncodingOptions;
  fileOutputs?: EncodedFileOutput[];
  streamOutputs?: StreamOutput[];
  segmentOutputs?: SegmentedFileOutput[];
  imageOutputs?: ImageOutput[];
  webhooks?: WebhookConfig[];
}

/** `livekit.ParticipantEgressRequest`. */
export interface ParticipantEgressRequest {
  roomName?: string;
  identity?: string;
  screenShare?: boolean;
  /** oneof `options`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `options`. */
  advanced?: EncodingOptions;
  fileOutputs?: EncodedFileOutput[];
  streamOutputs?: StreamOutput[];
  segmentOutputs?: SegmentedFileOutput[];
  imageOutputs?: ImageOutput[];
  webhooks?: WebhookConfig[];
}

/** `livekit.TrackCompositeEgressRequest`. */
export interface TrackCompositeEgressRequest {
  roomName?: string;
  audioTrackId?: string;
  videoTrackId?: string;
  /** oneof `output`. */
  file?: EncodedFileOutput;
  /** oneof `output`. */
  stream?: StreamOutput;
  /** oneof `output`. */
  segments?: SegmentedFileOutput;
  /** oneof `options`. */
  preset?: OpenEnum<EncodingOptionsPreset>;
  /** oneof `options`. */
  advanced?: EncodingOptions;
  fileOutputs?: EncodedFileOutput[];
  streamOutputs?: StreamOutput[];
  segmentOutputs?: SegmentedFileOutput[];
  imageOutputs?: ImageOutput[];
  webhooks?: WebhookConfig[];
}

/** `livekit.TrackEgressRequest`. */
export interface TrackEgressRequest {
  roomName?: string;
  trackId?: string;
  /** oneof `output`. */
  file?: DirectFileOutput;
  /** oneof `output`. */
  websocketUrl?: string;
  webhooks?: WebhookConfig[];
}

/** `livekit.DirectFileOutput`. */
export interface DirectFileOutput {
  filepath?: string;
  disableManifest?: boolean;
  /** oneof `output`. */
  s3?: S3Upload;
  /** oneof `output`. */
  gcp?: GCPUpload;
  /** oneof `output`. */
  azure?: AzureBlobUpload;
  /** oneof `output`. */
  aliOSS?: AliOSSUpload;
}

/** `livekit.StreamInfo`. */
export interface StreamInfo {
  url?: string;
  /** int64. */
  startedAt?: Int64String;
  /** int64. */
  endedAt?: Int64String;
  /** int64. */
  duration?: Int64String;
  status?: OpenEnum<StreamInfoStatus>;
  error?: string;
  /** int64. */
  lastRetryAt?: Int64String;
  /** uint32. */
  retries?: number;
}

/** `livekit.FileInfo`. */
export interface FileInfo {
  filename?: string;
  /** Unix **nanoseconds** (int64). */
  startedAt?: Int64String;
  /** Unix **nanoseconds** (int64). */
  endedAt?: Int64String;
  /** Duration in **nanoseconds** (int64). */
  duration?: Int64String;
  /** Size in bytes (int64). */
  size?: Int64String;
  location?: string;
}

/** `livekit.SegmentsInfo`. */
export interface SegmentsInfo {
  playlistName?: string;
  livePlaylistName?: string;
  /** int64. */
  duration?: Int64String;
  /** int64. */
  size?: Int64String;
  playlistLocation?: string;
  livePlaylistLocation?: string;
  /** int64. */
  segmentCount?: Int64String;
  /** int64. */
  startedAt?: Int64String;
  /** int64. */
  endedAt?: Int64String;
}

/** `livekit.ImagesInfo`. */
export interface ImagesInfo {
  filenamePrefix?: string;
  /** int64. */
  imageCount?: Int64String;
  /** int64. */
  startedAt?: Int64String;
  /** int64. */
  endedAt?: Int64String;
}

/** `livekit.StreamInfoList`. */
export interface StreamInfoList {
  info?: StreamInfo[];
}

/** `livekit.IngressInfo`. */
export interface IngressInfo {
  /** Ingress id, `IN_` + 12 base57 chars; the ordering key of ingress events. */
  ingressId?: string;
  name?: string;
  streamKey?: string;
  url?: string;
  /** Absent means `RTMP_INPUT`. */
  inputType?: OpenEnum<IngressInputType>;
  bypassTranscoding?: boolean;
  /** Explicit presence: `false` is sent when set. */
  enableTranscoding?: boolean;
  audio?: IngressAudioOptions;
  video?: IngressVideoOptions;
  roomName?: string;
  participantIdentity?: string;
  participantName?: string;
  participantMetadata?: string;
  reusable?: boolean;
  state?: IngressState;
  /** Explicit presence: `false` is sent when set. */
  enabled?: boolean;
}

/** `livekit.IngressAudioOptions`. */
export interface IngressAudioOptions {
  name?: string;
  source?: OpenEnum<TrackSource>;
  /** oneof `encoding_options`. */
  preset?: OpenEnum<IngressAudioEncodingPreset>;
  /** oneof `encoding_options`. */
  options?: IngressAudioEncodingOptions;
}

/** `livekit.IngressAudioEncodingOptions`. */
export interface IngressAudioEncodingOptions {
  audioCodec?: OpenEnum<AudioCodec>;
  /** uint32. */
  bitrate?: number;
  disableDtx?: boolean;
  /** uint32. */
  channels?: number;
}

/** `livekit.IngressVideoOptions`. */
export interface IngressVideoOptions {
  name?: string;
  source?: OpenEnum<TrackSource>;
  /** oneof `encoding_options`. */
  preset?: OpenEnum<IngressVideoEncodingPreset>;
  /** oneof `encoding_options`. */
  options?: IngressVideoEncodingOptions;
}

/** `livekit.IngressVideoEncodingOptions`. */
export interface IngressVideoEncodingOptions {
  videoCodec?: OpenEnum<VideoCodec>;
  /** double. */
  frameRate?: number;
  layers?: VideoLayer[];
}

/** `livekit.IngressState`. */
export interface IngressState {
  /** Absent means `ENDPOINT_INACTIVE`. */
  status?: OpenEnum<IngressStatus>;
  error?: string;
  video?: InputVideoState;
  audio?: InputAudioState;
  roomId?: string;
  /** Unix **nanoseconds** (int64). */
  startedAt?: Int64String;
  /** Unix **nanoseconds** (int64). */
  endedAt?: Int64String;
  /** Unix **nanoseconds** (int64). */
  updatedAt?: Int64String;
  resourceId?: string;
  tracks?: TrackInfo[];
}

/** `livekit.InputVideoState`. */
export interface InputVideoState {
  mimeType?: string;
  /** uint32. */
  averageBitrate?: number;
  /** uint32. */
  width?: number;
  /** uint32. */
  height?: number;
  /** double. */
  framerate?: number;
}

/** `livekit.InputAudioState`. */
export interface InputAudioState {
  mimeType?: string;
  /** uint32. */
  averageBitrate?: number;
  /** uint32. */
  channels?: number;
  /** uint32. */
  sampleRate?: number;
}

/** `livekit.Job`. */
export interface Job {
  /** Job id, `AJ_` + base57 chars. */
  id?: string;
  dispatchId?: string;
  type?: OpenEnum<JobType>;
  room?: Room;
  /** explicit presence. */
  participant?: ParticipantInfo;
  namespace?: string;
  metadata?: string;
  agentName?: string;
  state?: JobState;
  enableRecording?: boolean;
  deployment?: string;
  attributes?: Record<string, string>;
  enableRedaction?: boolean;
}

/** `livekit.JobState`. */
export interface JobState {
  status?: OpenEnum<JobStatus>;
  error?: string;
  /** int64. */
  startedAt?: Int64String;
  /** int64. */
  endedAt?: Int64String;
  /** int64. */
  updatedAt?: Int64String;
  participantIdentity?: string;
  workerId?: string;
  agentId?: string;
}
