/** How long a request waits for Kafka's acknowledgement before answering 503. */
export const KAFKA_ACK_TIMEOUT_MS = 10_000;
/** What a 503 tells the producer to wait before retrying (seconds). */
export const RETRY_AFTER_SECONDS = 5;
