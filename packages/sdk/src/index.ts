/**
 * @roomhooks/sdk — verify and decode room webhooks.
 *
 * Each folder owns one part and re-exports its public API from its own `index.ts`; this file only gathers them.
 */
export * from './errors.js';
export * from './catalog/index.js';
export * from './codec/index.js';
export * from './auth/index.js';
export * from './receiver/index.js';
export * from './dedupe/index.js';
