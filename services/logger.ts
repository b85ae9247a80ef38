/**
 * One structured logger: JSON lines on stderr. Log ids, never profile data (no PII in logs).
 * A line written inside a traced operation carries its trace and span ids, so an operator
 * can go from a log line to the trace and back.
 */
import { trace } from '@opentelemetry/api';

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;
export type Logger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void> & {
  child(fields: Record<string, unknown>): Logger;
};

export function createLogger(minimum: LogLevel = 'info', bound: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (levels[level] < levels[minimum]) return;
    const span = trace.getActiveSpan()?.spanContext();
    const traced = span ? { traceId: span.traceId, spanId: span.spanId } : {};
    const entry = { time: new Date().toISOString(), level, message, ...traced, ...bound, ...fields };
    process.stderr.write(`${JSON.stringify(entry, errorReplacer)}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger(minimum, { ...bound, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
