/** Segment's documented limits, which producers written for Segment already respect. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** How long a request waits for Kafka's acknowledgement before answering 503. */
export const KAFKA_ACK_TIMEOUT_MS = 10_000;
/** What a 503 tells the producer to wait before retrying (seconds). */
export const RETRY_AFTER_SECONDS = 5;
/** How deep an event's values may nest (objects and arrays), and how many fields it may hold in all. */
export const MAX_NESTING_DEPTH = 20;
export const MAX_FIELDS_PER_EVENT = 1_000;
