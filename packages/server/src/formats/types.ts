/** Signing material the formats need for one endpoint. */
export interface SigningContext {
  /** The API key and secret that sign `livekit` deliveries to this endpoint. */
  apiKey: string;
  apiSecret: string;
  /** The endpoint's `whsec_` secret, for `standard`. */
  standardSecret: string | undefined;
  /** PEM private key for `videosdk`. */
  videosdkPrivateKey: string | undefined;
}

/** A stored event as the formats see it. */
export interface StoredEventView {
  eventId: string;
  eventName: string;
  /** Event time, ms. */
  eventCreatedAt: number;
  /** Canonical protojson of the event. */
  body: string;
}

/** The bytes and headers one endpoint receives. */
export interface EncodedRequest {
  body: string;
  headers: Record<string, string>;
}
