/**
 * Signatures: LiveKit's HS256 webhook token, Standard Webhooks v1 HMAC and VideoSDK's RSA-SHA256, plus the
 * key provider that resolves LiveKit API keys to secrets. Pure functions over bytes, using only node:crypto.
 */
export { createKeyProvider, parseKeyPairs, type KeyProvider, type KeySource } from './key-provider.js';
export {
  sha256Base64,
  signLiveKitWebhook,
  verifyLiveKitWebhook,
  type LiveKitWebhookClaims,
  type SignLiveKitWebhookOptions,
  type VerifyLiveKitWebhookOptions,
} from './livekit-token.js';
export {
  generateStandardWebhookSecret,
  parseStandardWebhookSecret,
  signStandardWebhook,
  verifyStandardWebhook,
  type GenerateSecretOptions,
  type SignStandardWebhookOptions,
  type StandardWebhookHeaders,
  type StandardWebhookKey,
  type VerifiedStandardWebhook,
  type VerifyStandardWebhookOptions,
} from './standard-webhooks.js';
export {
  importVideoSdkPublicKey,
  signVideoSdkWebhook,
  verifyVideoSdkSignature,
} from './videosdk-signature.js';
export { createRoomToken, type CreateRoomTokenOptions } from './room-token.js';
export type { Clock } from './clock.js';
export type { RawBody } from './raw-body.js';
