import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger.ts';

/** A destination that keeps the JSON lines written to it. */
function capture() {
  const lines: string[] = [];
  return {
    stream: { write: (line: string) => lines.push(line) },
    lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logger', () => {
  it('writes one JSON line per entry with the bound fields, and drops levels below the minimum', () => {
    const output = capture();
    const logger = createLogger('info', {}, output.stream).child({ process: 'router' });
    logger.debug('hidden');
    logger.warn('lagging', { partition: 2 });
    const lines = output.lines();
    assert.equal(lines.length, 1);
    assert.deepEqual(
      { ...lines[0], time: undefined },
      { time: undefined, level: 'warn', message: 'lagging', process: 'router', partition: 2 },
    );
  });

  it('stamps the active trace and span ids, so a log line leads to its trace', () => {
    new NodeTracerProvider().register();
    const output = capture();
    const logger = createLogger('info', {}, output.stream);
    let expected: { traceId: string; spanId: string } | undefined;
    logger.info('outside');
    trace.getTracer('test').startActiveSpan('work', (span) => {
      expected = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
      logger.info('inside');
      span.end();
    });
    const lines = output.lines();
    assert.equal(lines[0]?.traceId, undefined);
    assert.deepEqual({ traceId: lines[1]?.traceId, spanId: lines[1]?.spanId }, expected);
  });

  it('writes an ISO time, and an Error in the fields with its name, message and stack', () => {
    const output = capture();
    const error = new TypeError('broker gone');
    createLogger('info', {}, output.stream).error('send failed', { error });
    const [line] = output.lines();
    assert.match(String(line?.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(line?.error, { name: 'TypeError', message: 'broker gone', stack: error.stack });
  });
});
