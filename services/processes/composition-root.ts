/**
 * Starts the product's processes. Each runs alone (`journeys ingest|router|projector|worker`)
 * or all in one process (`journeys dev`, the demo and the end-to-end tests).
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NativeConnection } from '@temporalio/worker';
import { createChannelProviders } from '../../activities/channels/index.ts';
import { unsubscribeLinksOf } from '../../activities/channels/email/send-email.ts';
import { createActivities } from '../../activities/index.ts';
import { consumerGroups, topics } from '../../schemas/names.ts';
import type { Config } from '../platform/config.ts';
import { consentLinksOf } from '../platform/consent-links/consent-links.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb } from '../platform/db/pool.ts';
import { startOutboxPublisher } from '../platform/outbox/event-outbox.ts';
import { createConsentWebhooks } from './ingest/consent-webhooks.ts';
import { createEngagementLinks } from './ingest/engagement-links.ts';
import { trackedLinksOf } from '../platform/engagement/tracked-links.ts';
import { createIngestApp } from './ingest/http-api.ts';
import { shopify } from './ingest/shop-platforms/shopify.ts';
import { woocommerce } from './ingest/shop-platforms/woocommerce.ts';
import { createKafka, createProducer, ensureTopics } from '../platform/kafka/client.ts';
import { createOutcomePublisher } from '../platform/kafka/journey-outcomes.ts';
import { createEventLogWriter } from '../platform/kafka/customer-events.ts';
import type { Logger } from '../platform/logger.ts';
import { startProjector } from './projector/projector.ts';
import { startOutcomesProjector } from './projector/outcomes-projector.ts';
import { segmentRegistry } from '../../segments/index.ts';
import { startRouter } from './router/router.ts';
import { startTelemetry } from '../platform/telemetry/telemetry.ts';
import { connectTemporal, temporalConnectionOptions } from '../platform/temporal/client.ts';
import { installTemporalRuntime } from '../platform/temporal/runtime.ts';
import { logCampaignProblems } from './worker/campaign-check.ts';
import { ensureCustomerValueSchedule } from './worker/schedules.ts';
import { createWorkers } from './worker/worker.ts';
import { holidayCampaigns } from '../../workflows/campaigns/index.ts';

export const processNames = ['ingest', 'router', 'projector', 'worker'] as const;
export type ProcessName = (typeof processNames)[number];

export interface RunningProduct {
  /** The ingest API's address, when it runs. */
  ingestUrl?: string;
  /** The Prometheus scrape address, when METRICS_PORT is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export interface ProductOptions {
  /** Receives every span (tests read the trace from an in-memory exporter). */
  spanProcessor?: SpanProcessor;
}

export async function startProduct(
  config: Config,
  logger: Logger,
  run: readonly ProcessName[],
  options: ProductOptions = {},
): Promise<RunningProduct> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch((error: unknown) => logger.warn('stop failed', { error }));
  };
  try {
    const telemetry = startTelemetry({
      serviceName: run.length === 1 ? `journeys-${run[0]}` : 'journeys',
      otlpEndpoint: config.telemetry.otlpEndpoint,
      metricsPort: config.telemetry.metricsPort,
      metricsHost: config.telemetry.metricsHost,
      ...(options.spanProcessor ? { spanProcessor: options.spanProcessor } : {}),
    });
    stops.push(() => telemetry.shutdown());
    const { tracer, metrics, temporalPlugin } = telemetry;
    const plugins = temporalPlugin ? [temporalPlugin] : [];
    const kafka = createKafka(config.kafka.brokers, 'journeys', logger, config.kafka.security);
    await ensureTopics(kafka, config.kafka.topics);
    // The ingest API reads customers by phone for inbound SMS keywords.
    const needsDb = run.includes('projector') || run.includes('worker') || run.includes('ingest');
    const db = needsDb ? createDb(config.databaseUrl) : undefined;
    if (db) {
      stops.push(() => db.end());
      const applied = await migrate(db);
      if (applied.length > 0) logger.info('database migrated', { applied });
    }

    let ingestUrl: string | undefined;
    if (run.includes('ingest')) {
      const producer = createProducer(kafka);
      await producer.connect();
      stops.push(() => producer.disconnect());
      // The coupon API's `Coupon Redeemed` events leave through the outbox, published from here.
      const outbox = startOutboxPublisher({ db: db!, log: createEventLogWriter(producer), logger: logger.child({ process: 'ingest' }) });
      stops.push(() => outbox.stop());
      const consentWebhooks = createConsentWebhooks({
        db: db!,
        unsubscribeLinks: unsubscribeLinksOf(config),
        consentLinks: consentLinksOf(config),
        twilio: { authToken: config.sms.authToken, webhookUrl: config.sms.webhookUrl, helpText: config.sms.helpText },
      });
      const ingestLogger = logger.child({ process: 'ingest' });
      const app = await createIngestApp({
        producer,
        writeKeys: config.ingest.writeKeys,
        logger: ingestLogger,
        tracer,
        metrics,
        consentWebhooks,
        engagementLinks: createEngagementLinks({ db: db!, links: trackedLinksOf(config), logger: ingestLogger }),
        corsOrigins: config.ingest.corsOrigins,
        shopPlatforms: [
          ...(config.ingest.shopifySecret ? [{ platform: shopify, secret: config.ingest.shopifySecret }] : []),
          ...(config.ingest.woocommerceSecret ? [{ platform: woocommerce, secret: config.ingest.woocommerceSecret }] : []),
        ],
        shopApi: { db: db!, onRedeemed: outbox.kick, shopUrl: config.links.shopUrl },
      });
      await app.listen({ port: config.ingest.port, host: config.ingest.host });
      stops.push(() => app.close());
      ingestUrl = `http://${config.ingest.host === '0.0.0.0' ? '127.0.0.1' : config.ingest.host}:${config.ingest.port}`;
      logger.info('ingest API listening', { url: ingestUrl });
    }
    if (run.includes('projector')) {
      const projector = await startProjector({
        kafka,
        db: db!,
        logger: logger.child({ process: 'projector' }),
        metrics,
        shopCurrency: config.shopCurrency,
        segments: segmentRegistry,
        rules: { doubleOptIn: config.consent.doubleOptIn, loyalty: config.loyalty },
      });
      stops.push(() => projector.stop());
      const outcomes = await startOutcomesProjector({
        kafka,
        db: db!,
        logger: logger.child({ process: 'projector', topic: 'journey-outcomes' }),
      });
      stops.push(() => outcomes.stop());
    }
    if (run.includes('worker')) {
      installTemporalRuntime();
      const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal.address, config.temporal.security));
      const channels = createChannelProviders(config);
      const producer = createProducer(kafka);
      await producer.connect();
      // Logged, not thrown: one campaign the calendar cannot place must not stop every journey.
      logCampaignProblems(logger.child({ process: 'worker' }), holidayCampaigns, new Date().toISOString().slice(0, 10));
      const activities = createActivities({
        db: db!,
        ...channels,
        outcomes: createOutcomePublisher(producer),
        events: createEventLogWriter(producer),
        policy: config.sendPolicy,
        shopCurrency: config.shopCurrency.code,
        consentLapseMonths: config.consent.lapseMonths,
        campaigns: holidayCampaigns,
        loyalty: config.loyalty,
      });
      const workers = await createWorkers({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        activities,
        sendRates: config.sendRates,
        journeyTimeScale: config.journeys.timeScale,
        plugins,
      });
      const running = workers.run();
      const scheduler = await connectTemporal({ ...config.temporal, plugins });
      await ensureCustomerValueSchedule(scheduler, { cron: config.customerValue.recomputeCron, taskQueue: config.temporal.taskQueue });
      await scheduler.connection.close();
      stops.push(async () => {
        workers.shutdown();
        await running;
        channels.close();
        await producer.disconnect();
        await connection.close();
      });
      logger.info('worker polling', { taskQueue: workers.taskQueue, sendRates: workers.sendRates });
      if (!channels.push)
        logger.warn('push is off: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set; push steps are skipped as channel-off');
    }
    if (run.includes('router')) {
      const temporal = await connectTemporal({ ...config.temporal, plugins });
      const wiring = { topic: topics.customerEvents, groupId: consumerGroups.router, taskQueue: config.temporal.taskQueue };
      const router = await startRouter({ kafka, temporal, wiring, logger: logger.child({ process: 'router' }), tracer, metrics });
      stops.push(async () => {
        await router.stop();
        await temporal.connection.close();
      });
    }
    return { ...(ingestUrl ? { ingestUrl } : {}), ...(telemetry.metricsUrl ? { metricsUrl: telemetry.metricsUrl } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
