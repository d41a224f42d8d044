import { WebhookError } from '../../errors.js';
import { parseJsonBody } from '../../json-body.js';
import type { UnknownVideoSdkWebhook, VideoSdkWebhook } from './payloads.js';
import { VIDEOSDK_SCHEMA, type VideoSdkFieldCheck } from './schema.js';
import { isVideoSdkWebhookType } from './webhook-types.js';

/** Options of {@link decodeVideoSdkWebhook} and {@link parseVideoSdkWebhook}. */
export interface DecodeVideoSdkOptions {
  /**
   * Reject webhook types this SDK does not know with `invalid_event`. Off by default, so that a type VideoSDK
   * adds later still reaches the application (as an {@link UnknownVideoSdkWebhook}).
   */
  strict?: boolean;
}

/** What the decoder returns without `strict`: a known webhook, or one of a type added after this release. */
export type DecodedVideoSdkWebhook = VideoSdkWebhook | UnknownVideoSdkWebhook;

/**
 * Checks that `value` (an already-parsed JSON body) is a VideoSDK webhook and returns it, typed. The object is
 * returned as is, not copied: fields beyond the known ones stay in place.
 *
 * - Not an object, no string `webhookType`, or no object `data` → `WebhookError('malformed_body')`.
 * - A known type whose `data` lacks a field or has one of the wrong type → `WebhookError('invalid_event')`,
 *   naming the path (e.g. `data.fileDetails[0].fileUrl`).
 * - An unknown type passes with its `data` unchecked, unless `strict` is set (→ `invalid_event`).
 *
 * @example
 * ```ts
 * const webhook = decodeVideoSdkWebhook(JSON.parse(body), { strict: true });
 * if (webhook.webhookType === 'recording-stopped') console.log(webhook.data.fileUrl);
 * ```
 */
export function decodeVideoSdkWebhook(
  value: unknown,
  options: DecodeVideoSdkOptions & { strict: true },
): VideoSdkWebhook;
export function decodeVideoSdkWebhook(
  value: unknown,
  options?: DecodeVideoSdkOptions,
): DecodedVideoSdkWebhook;
export function decodeVideoSdkWebhook(
  value: unknown,
  options?: DecodeVideoSdkOptions,
): DecodedVideoSdkWebhook {
  if (!isPlainObject(value)) {
    throw new WebhookError(
      'malformed_body',
      `VideoSDK webhook body must be a JSON object, got ${describe(value)}`,
    );
  }
  const { webhookType, data } = value;
  if (typeof webhookType !== 'string') {
    throw new WebhookError(
      'malformed_body',
      `VideoSDK webhook webhookType must be a string, got ${describe(webhookType)}`,
    );
  }
  if (!isPlainObject(data)) {
    throw new WebhookError(
      'malformed_body',
      `VideoSDK webhook data must be a JSON object, got ${describe(data)}`,
    );
  }
  if (!isVideoSdkWebhookType(webhookType)) {
    if (options?.strict === true) {
      throw new WebhookError(
        'invalid_event',
        `VideoSDK webhook webhookType "${webhookType}" is not a known type`,
      );
    }
    return value as unknown as UnknownVideoSdkWebhook;
  }
  const rules: Readonly<Record<string, { readonly check: VideoSdkFieldCheck; readonly required: boolean }>> =
    VIDEOSDK_SCHEMA[webhookType];
  for (const [field, rule] of Object.entries(rules)) {
    const fieldValue = data[field];
    if (fieldValue === undefined) {
      if (rule.required) {
        throw new WebhookError('invalid_event', `VideoSDK ${webhookType} webhook lacks data.${field}`);
      }
      continue;
    }
    checkField(fieldValue, rule.check, `data.${field}`, webhookType);
  }
  return value as unknown as VideoSdkWebhook;
}

/**
 * Parses a raw VideoSDK webhook body (the exact bytes or text that arrived) and decodes it with
 * {@link decodeVideoSdkWebhook}. Bytes that are not UTF-8, or text that is not JSON → `malformed_body`.
 *
 * @example
 * ```ts
 * const webhook = parseVideoSdkWebhook('{"webhookType":"hls-playable","data":{...}}');
 * ```
 */
export function parseVideoSdkWebhook(
  body: string | Uint8Array,
  options: DecodeVideoSdkOptions & { strict: true },
): VideoSdkWebhook;
export function parseVideoSdkWebhook(
  body: string | Uint8Array,
  options?: DecodeVideoSdkOptions,
): DecodedVideoSdkWebhook;
export function parseVideoSdkWebhook(
  body: string | Uint8Array,
  options?: DecodeVideoSdkOptions,
): DecodedVideoSdkWebhook {
  return decodeVideoSdkWebhook(parseJsonBody(body, 'VideoSDK webhook body'), options);
}

function checkField(value: unknown, check: VideoSdkFieldCheck, path: string, type: string): void {
  switch (check) {
    case 'string':
      if (typeof value !== 'string') fail(type, path, 'a string', value);
      return;
    case 'media-kind':
      if (value !== 'audio' && value !== 'video') fail(type, path, '"audio" or "video"', value);
      return;
    case 'file-details':
      if (!Array.isArray(value)) fail(type, path, 'an array', value);
      value.forEach((item: unknown, index) => {
        const itemPath = `${path}[${index}]`;
        if (!isPlainObject(item)) fail(type, itemPath, 'an object', item);
        for (const key of ['filePath', 'fileUrl'] as const) {
          if (typeof item[key] !== 'string') fail(type, `${itemPath}.${key}`, 'a string', item[key]);
        }
      });
      return;
  }
}

function fail(type: string, path: string, expected: string, value: unknown): never {
  throw new WebhookError(
    'invalid_event',
    `VideoSDK ${type} webhook ${path} must be ${expected}, got ${describe(value)}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${String(value)}`;
}
