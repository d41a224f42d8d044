import type { WebhookEventFields } from './webhook-event.js';

/**
 * The key LiveKit queues an event under (protocol `webhook` `EventKey()`): events with the same key are
 * delivered one at a time, in order. Room, participant and track events carry `room`, so they are ordered per
 * room name; egress and ingress events are ordered per egress or ingress id, with no ordering against their
 * room's events.
 *
 * @example
 * ```ts
 * eventOrderingKey({ event: 'room_started', room: { name: 'demo' } }); // 'demo'
 * eventOrderingKey({ event: 'egress_ended', room: { name: 'demo' }, egressInfo: { egressId: 'EG_x' } }); // 'EG_x'
 * ```
 */
export function eventOrderingKey(event: WebhookEventFields): string {
  // `||` rather than `??`: Go tests for the empty string, and protojson omits empty strings anyway.
  return (
    event.egressInfo?.egressId ||
    event.ingressInfo?.ingressId ||
    event.room?.name ||
    event.participant?.identity ||
    event.track?.sid ||
    'default'
  );
}
