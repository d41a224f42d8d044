import { randomBytes } from 'node:crypto';

// LiveKit's ids are a prefix plus 12 characters of base57 (shortuuid's alphabet, no look-alikes).
const BASE57 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base57(length: number): string {
  // 228 (= 4 × 57) is the largest multiple of 57 up to 256: rejecting bytes above it keeps the alphabet uniform.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 228 && out.length < length) out += BASE57[byte % 57];
    }
  }
  return out;
}

/** A LiveKit-style event id, e.g. `EV_wNaSGtBdpsMJ`. */
export function newEventId(): string {
  return `EV_${base57(12)}`;
}

/** An endpoint id, e.g. `EP_3kLk2fJ4z9Qa`. */
export function newEndpointId(): string {
  return `EP_${base57(12)}`;
}
