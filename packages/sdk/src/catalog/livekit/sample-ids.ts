// shortuuid's base57 alphabet (no 0, 1, I, O, l), which LiveKit's `utils/guid` ids use.
const BASE57 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** FNV-1a over the string's UTF-16 units: a cheap, stable 32-bit seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A LiveKit-shaped id (`prefix` + 12 base57 chars) derived only from `seed`: the same seed always gives the
 * same id, so samples stay deterministic without a random source.
 *
 * @example
 * ```ts
 * sampleId('RM_', 'demo-room'); // always the same 'RM_…'
 * ```
 */
export function sampleId(prefix: string, seed: string): string {
  // mulberry32, seeded by the hash of prefix and seed.
  let state = hash32(prefix + '\u0000' + seed);
  let id = prefix;
  for (let i = 0; i < 12; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    id += BASE57[((t ^ (t >>> 14)) >>> 0) % 57];
  }
  return id;
}
