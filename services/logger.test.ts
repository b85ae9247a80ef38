import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger.ts';

/** The JSON lines the logger writes while `run` runs. */
function captureLines(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => lines.push(chunk) > 0);
  try {
    run();
  } finally {
    process.stderr.write = original;
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logger', () => {
  it('writes one JSON line per entry with the bound fields, and drops levels below the minimum', () => {
    const logger = createLogger('info').child({ process: 'router' });
    const lines = captureLines(() => {
      logger.debug('hidden');
      logger.warn('lagging', { partition: 2 });
    });
    assert.equal(lines.length, 1);
    assert.deepEqual({ ...lines[0], time: undefined }, { time: undefined, level: 'warn', message: 'lagging', process: 'router', partition: 2 });
  });

  it('stamps the active trace and span ids, so a log line leads to its trace', () => {
    new NodeTracerProvider().register();
    const logger = createLogger('info');
    let expected: { traceId: string; spanId: string } | undefined;
    const lines = captureLines(() => {
      logger.info('outside');
      trace.getTracer('test').startActiveSpan('work', (span) => {
        expected = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
        logger.info('inside');
        span.end();
      });
    });
    assert.equal(lines[0]?.traceId, undefined);
    assert.deepEqual({ traceId: lines[1]?.traceId, spanId: lines[1]?.spanId }, expected);
  });
});
