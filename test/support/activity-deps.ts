/**
 * The send activities' real dependencies for activity tests: PostgreSQL, a Kafka producer
 * for journey-outcomes and customer-events, and the channels from the configuration (SMTP sink, provider sink).
 */
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { createChannelProviders } from '../../activities/channels/index.ts';
import { loadConfig, type Config } from '../../services/platform/config.ts';
import { migrate } from '../../services/platform/db/migrate.ts';
import { createDb } from '../../services/platform/db/pool.ts';
import { createMailSinkClient } from '../../services/cli/demo/mail-sink-client.ts';
import { createProviderSinkClient } from './provider-sink-client.ts';
import { createKafka, createProducer, ensureTopics } from '../../services/platform/kafka/client.ts';
import { createEventLogWriter } from '../../services/platform/kafka/customer-events.ts';
import { createOutcomePublisher } from '../../services/platform/kafka/journey-outcomes.ts';
import { createLogger } from '../../services/platform/logger.ts';
import type { SendPolicy } from '../../services/platform/send-policy/send-policy.ts';
import { holidayCampaigns } from '../../workflows/campaigns/index.ts';

/** No caps and no quiet hours, for tests that are not about them. */
export const unlimited: SendPolicy = { caps: [], quietHours: null, defaultTimeZone: 'UTC', suppressBottom20: true, consentLapseMonths: 24 };

export function createActivityDeps(name: string, config: Config = loadConfig()) {
  const db = createDb(config.databaseUrl);
  const kafka = createKafka(config.kafka.brokers, name, createLogger('error'), config.kafka.security);
  const producer = createProducer(kafka);
  const channels = createChannelProviders(config);
  const outcomes = createOutcomePublisher(producer);
  const events = createEventLogWriter(producer);
  return {
    config,
    db,
    kafka,
    channels,
    outcomes,
    /** Writes to customer-events as the product's own processes do (connected once `start` has run). */
    events,
    inbox: createMailSinkClient(config.email.sinkInboxUrl),
    sink: createProviderSinkClient(config.providerSink.url),
    activities: (overrides: Partial<ActivityDeps> = {}) =>
      createActivities({
        db,
        ...channels,
        outcomes,
        events,
        policy: unlimited,
        shopCurrency: config.shopCurrency.code,
        campaigns: holidayCampaigns,
        ...overrides,
      }),
    async start() {
      await migrate(db);
      await ensureTopics(kafka);
      await producer.connect();
    },
    async stop() {
      channels.close();
      await producer.disconnect();
      await db.end();
    },
  };
}
