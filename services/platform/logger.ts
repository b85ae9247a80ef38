/**
 * One structured logger: JSON lines on stderr, written by pino. Log ids, never profile data
 * (no PII in logs). A line written inside a traced operation carries its trace and span ids,
 * so an operator can go from a log line to the trace and back.
 */
import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void> & {
  child(fields: Record<string, unknown>): Logger;
};

// Synchronous: a line logged just before process.exit() (the CLI, a crash) is not lost.
let stderr: DestinationStream | undefined;
const standardError = () => (stderr ??= pino.destination({ fd: 2, sync: true }));

/** `destination` is for tests; every process logs to stderr. */
export function createLogger(minimum: LogLevel = 'info', bound: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const root = pino(
    {
      level: minimum,
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: serializeErrors },
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { traceId: span.traceId, spanId: span.spanId } : {};
      },
    },
    destination ?? standardError(),
  );
  return wrap(root.child(bound));
}

function wrap(logger: pino.Logger): Logger {
  return {
    debug: (message, fields = {}) => logger.debug(fields, message),
    info: (message, fields = {}) => logger.info(fields, message),
    warn: (message, fields = {}) => logger.warn(fields, message),
    error: (message, fields = {}) => logger.error(fields, message),
    child: (fields) => wrap(logger.child(fields)),
  };
}

/** An Error in the fields keeps what an operator needs (pino's own serializer only knows `err`). */
function serializeErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(fields).map(([key, value]) =>
    value instanceof Error ? [key, { name: value.name, message: value.message, stack: value.stack }] : [key, value],
  );
  return Object.fromEntries(entries) as Record<string, unknown>;
}
