/** Time and randomness come through here so that tests can pin them. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A source of uniform numbers in [0, 1), for jitter. */
export type Random = () => number;
