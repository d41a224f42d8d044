/** The default body limit of every receiver: 1 MiB, far above any real webhook (LiveKit's are a few KiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
