import type { WebhookErrorCode } from '../errors.js';

/**
 * Internal: a field-level failure thrown deep inside decoding or encoding. Each message and list level
 * prepends its key or index while the failure unwinds, so the path is built only when something is wrong,
 * never on the happy path. The public functions turn it into a `WebhookError`.
 */
export class FieldFailure extends Error {
  readonly segments: Array<string | number> = [];
  constructor(
    readonly reason: string,
    /** A code that applies whatever the mode, e.g. precision already lost in JSON.parse. */
    readonly forcedCode?: WebhookErrorCode,
  ) {
    super(reason);
  }

  /** `participant.tracks[2].width`: keys joined by dots, indexes in brackets, odd keys quoted. */
  path(): string {
    let out = '';
    for (const s of this.segments) {
      if (typeof s === 'number') out += `[${s}]`;
      else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
      else out += `[${JSON.stringify(s)}]`;
    }
    return out === '' ? '(root)' : out;
  }
}

/** A short JSON rendering of a bad value for an error message. */
export function preview(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
