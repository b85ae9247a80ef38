/**
 * OpenTelemetry for every process: traces (one trace from the HTTP request through the
 * Kafka message and the router's signal into the workflow) and metrics. Traces are
 * exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set and are off otherwise; metrics
 * are served in Prometheus' format on METRICS_PORT (0 turns it off) and also exported over
 * OTLP when configured. Temporal's OpenTelemetry plugin (which targets OTel JS 1.x, hence
 * the 1.x SDK here) carries the trace into workflows and activities.
 */
import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { createMetrics, type Metrics } from './metrics.ts';

export interface TelemetryOptions {
  serviceName: string;
  otlpEndpoint?: string | undefined;
  metricsPort: number;
  /** Where the metrics endpoint listens (127.0.0.1 unless set). */
  metricsHost?: string;
  /** Tests pass their own (an in-memory exporter) to read the spans. */
  spanProcessor?: SpanProcessor;
}

export interface Telemetry {
  tracer: Tracer;
  metrics: Metrics;
  /** For the Temporal client and worker; absent when tracing is off. */
  temporalPlugin?: OpenTelemetryPlugin;
  metricsUrl?: string;
  shutdown(): Promise<void>;
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const resource = new Resource({ 'service.name': options.serviceName });
  const shutdowns: (() => Promise<void>)[] = [];

  const spanProcessor =
    options.spanProcessor ??
    (options.otlpEndpoint ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` })) : undefined);
  let temporalPlugin: OpenTelemetryPlugin | undefined;
  if (spanProcessor) {
    const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
    // Global: the W3C propagator and the async context manager serve every library in the process.
    provider.register();
    temporalPlugin = new OpenTelemetryPlugin({ resource, spanProcessor });
    shutdowns.push(() => provider.shutdown());
  }

  const readers: MetricReader[] = [];
  let metricsUrl: string | undefined;
  if (options.metricsPort > 0) {
    const host = options.metricsHost ?? '127.0.0.1';
    readers.push(new PrometheusExporter({ host, port: options.metricsPort }));
    metricsUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.metricsPort}/metrics`;
  }
  if (options.otlpEndpoint) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint}/v1/metrics` }),
        exportIntervalMillis: 15_000,
      }),
    );
  }
  const meterProvider = new MeterProvider({ resource, readers });
  shutdowns.push(() => meterProvider.shutdown());

  return {
    tracer: trace.getTracer('journeys'),
    metrics: createMetrics(meterProvider.getMeter('journeys')),
    ...(temporalPlugin ? { temporalPlugin } : {}),
    ...(metricsUrl ? { metricsUrl } : {}),
    async shutdown() {
      for (const shutdown of shutdowns) await shutdown();
    },
  };
}
