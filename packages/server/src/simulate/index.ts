/** The session simulator: a pure, seeded generator of realistic room webhook events. */
export { simulateSessions, type SimulatedEvent, type SimulationOptions } from './generator.js';
export { createRng, type Rng } from './prng.js';
