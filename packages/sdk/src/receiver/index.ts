/**
 * Receivers: verify a raw webhook request and return the decoded event, for LiveKit tokens, Standard Webhooks
 * and VideoSDK signatures. Each implements {@link WebhookVerifier}, which the framework adapters consume.
 */
export * from './types.js';
export { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
export { toToleranceSeconds } from './clock-tolerance.js';
export {
  WebhookReceiver,
  type ReceivedWebhookEvent,
  type WebhookReceiverOptions,
} from './webhook-receiver.js';
export {
  StandardWebhookReceiver,
  type StandardWebhook,
  type StandardWebhookPayload,
  type StandardWebhookReceiverOptions,
} from './standard-receiver.js';
export {
  VideoSdkWebhookReceiver,
  type ReceivedVideoSdkWebhook,
  type VideoSdkWebhookReceiverOptions,
} from './videosdk-receiver.js';
