/**
 * Observability on the real stack: one trace from the shop's HTTP request through the
 * Kafka message and the router's signal into the customer workflow, and the metrics
 * operators scrape.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../services/platform/config.ts';
import { createSegmentClient, type SegmentClient } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { processNames, startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { uniqueId } from '../support/fixtures.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18083', METRICS_PORT: '19464', LOG_LEVEL: 'warn' });
const spans = new InMemorySpanExporter();
let product: RunningProduct;
let shop: SegmentClient;

before(async () => {
  product = await startProduct(config, createLogger('warn'), processNames, { spanProcessor: new SimpleSpanProcessor(spans) });
  shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
});

after(async () => {
  await product?.stop();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('telemetry', () => {
  it("continues the shop's trace through Kafka and the router's signal into the customer workflow", async () => {
    const traceId = hex(16);
    const shopSpanId = hex(8);
    const customerId = uniqueId('traced');
    const response = await shop.post(
      '/v1/track',
      {
        type: 'track',
        userId: customerId,
        event: 'Checkout Started',
        properties: { cart_id: uniqueId('cart'), value: 10, currency: 'EUR' },
      },
      { traceparent: `00-${traceId}-${shopSpanId}-01` },
    );
    assert.equal(response.status, 200);

    const inTrace = (name: string) => (span: ReadableSpan) => span.name === name && span.spanContext().traceId === traceId;
    const byName = await waitFor(
      // eslint-disable-next-line @typescript-eslint/require-await -- waitFor polls async checks
      async () => {
        const finished = spans.getFinishedSpans();
        const wanted = [
          'ingest POST /v1/track',
          'router signal customer',
          'SignalWithStartWorkflow:customerWorkflow',
          'HandleSignal:customerEvents',
        ];
        const found = wanted.map((name) => finished.find(inTrace(name)));
        return found.every(Boolean) ? (found as ReadableSpan[]) : undefined;
      },
      { timeoutMs: 30_000, what: 'the spans of one trace from ingest to the workflow' },
    );
    const [ingest, router, signal, handled] = byName as [ReadableSpan, ReadableSpan, ReadableSpan, ReadableSpan];
    // Each hop is the child of the one before: the trace is one chain, not four fragments.
    assert.equal(ingest.parentSpanId, shopSpanId);
    assert.equal(router.parentSpanId, ingest.spanContext().spanId);
    assert.equal(signal.parentSpanId, router.spanContext().spanId);
    assert.equal(handled.parentSpanId, signal.spanContext().spanId);
  });

  it('serves the operator metrics in the Prometheus format', async () => {
    const rejected = await shop.track({ userId: uniqueId('bad'), event: 'Order Completed', properties: { total: 'lots' } });
    assert.equal(rejected.status, 400);
    await shop.track({ userId: uniqueId('ok'), event: 'Product Viewed', properties: { product_id: 'p-1' } });

    const text = await waitFor(
      async () => {
        const body = await (await fetch(product.metricsUrl!)).text();
        return /journeys_signal_rpc_ms_count [1-9]/.test(body) && /journeys_consumer_lag\{/.test(body) ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'signal and lag metrics' },
    );
    assert.match(text, /journeys_ingest_events_accepted_total\{type="Product Viewed"\} [1-9]/);
    assert.match(text, /journeys_ingest_events_rejected_total\{type="Order Completed"\} 1/);
    assert.match(text, /journeys_consumer_lag\{group="journeys-router",partition="\d+"\} \d+/);
    assert.match(text, /journeys_event_to_signal_ms_bucket\{le="\+Inf"\} [1-9]/);
  });
});
