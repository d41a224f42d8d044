/**
 * A small seeded PRNG for the simulator. The generator must be reproducible (same seed → same events) and pure,
 * so it never touches `Math.random`; everything random comes from one of these.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose sequence depends only on this seed and `label`, not on how much this one was used. */
  fork(label: string): Rng;
}

/** FNV-1a over UTF-16 units: turns any seed text into 32 bits of state. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * mulberry32 seeded from text. Forking by label keeps rooms independent: adding a participant to room 1 does
 * not reshuffle room 2, which makes seeds stable across small option changes.
 *
 * @example
 * ```ts
 * const rng = createRng('42');
 * rng.between(0, 10); // always the same number for seed '42'
 * ```
 */
export function createRng(seed: string): Rng {
  let state = hash32(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    fork: (label) => createRng(`${seed}\u0000${label}`),
  };
}
