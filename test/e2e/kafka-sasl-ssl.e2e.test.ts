/**
 * The product on Kafka secured as a managed service secures it: SASL_SSL, SCRAM-SHA-512, a
 * broker certificate from a private CA (a throwaway broker of its own, test/support/
 * secured-kafka.ts). Temporal, the PostgreSQL server and the SMTP sink are the local
 * stack's; the database is one of its own, since its projections come from another log than
 * the stack's (a rebuild from the stack's log would rightly drop them). The
 * broker refuses clients without the user's password, and TLS fails without the CA, so the
 * journey below can only have run through KAFKA_SSL_CA_FILE and KAFKA_SASL_* as configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import kafkajs, { type Kafka } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import { loadConfig, type Config } from '../../services/platform/config.ts';
import { createKafka, kafkaSecurityOptions, type KafkaSecurity } from '../../services/platform/kafka/client.ts';
import { createMailSinkClient } from '../../services/cli/demo/mail-sink-client.ts';
import { createSegmentClient, type SegmentClient } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { processNames, startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { uniqueId } from '../support/fixtures.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { abandonCartThenOrder } from '../support/cart-scenario.ts';
import { startSecuredKafka, type SecuredKafka } from '../support/secured-kafka.ts';

let broker: SecuredKafka;
let database: { url: string; drop(): Promise<void> };
let config: Config;
let product: RunningProduct;
let temporal: Client;
let shop: SegmentClient;

before(async () => {
  broker = await startSecuredKafka({ port: 19092, controllerPort: 19093 });
  database = await createScratchDatabase(loadConfig().databaseUrl, 'journeys_sasl');
  config = loadConfig({
    ...process.env,
    DATABASE_URL: database.url,
    KAFKA_BROKERS: broker.brokers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: broker.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: broker.username,
    KAFKA_SASL_PASSWORD: broker.password,
    // A queue of its own: only this product's worker, whose producer writes to the secured broker, runs these journeys.
    TEMPORAL_TASK_QUEUE: uniqueId('sasl-ssl'),
    JOURNEY_TIME_SCALE: String(1 / 3600),
    INGEST_PORT: '18090',
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  });
  product = await startProduct(config, createLogger('warn'), processNames);
  temporal = await connectTemporal(config.temporal);
  shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
});

after(async () => {
  await temporal?.connection.close();
  await product?.stop();
  await broker?.stop();
  await database?.drop();
});

/** What an admin client with these settings fails with on the secured broker (no retries: a refusal is final). */
async function refusal(security: KafkaSecurity): Promise<Error> {
  const client = new kafkajs.Kafka({
    clientId: 'kafka-sasl-ssl-test',
    brokers: broker.brokers,
    ...kafkaSecurityOptions(security),
    retry: { retries: 0 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = client.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    // kafkajs's retrier wraps the connection's error; the connection's own says why.
    return ((error as { cause?: Error }).cause ?? error) as Error;
  } finally {
    await admin.disconnect();
  }
  assert.fail('the secured broker accepted the client');
}

async function endOffsets(kafka: Kafka, topic: string): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, { offset }) => sum + BigInt(offset), 0n);
  } finally {
    await admin.disconnect();
  }
}

describe('the product on Kafka over SASL_SSL (SCRAM-SHA-512, private CA)', () => {
  it('is refused by the broker without the password, and cannot verify the broker without the CA', async () => {
    const { sasl, ...tlsOnly } = config.kafka.security;
    assert.ok(sasl, 'the configuration carries the SASL settings');
    const { ca, ...withoutCa } = config.kafka.security;
    assert.ok(ca, 'the configuration carries the CA');

    // Before a SASL handshake the broker answers nothing but ApiVersions: it drops the connection.
    assert.equal((await refusal(tlsOnly)).name, 'KafkaJSConnectionClosedError');
    const wrongPassword = await refusal({ ...config.kafka.security, sasl: { ...sasl, password: `${sasl.password}-wrong` } });
    assert.equal(wrongPassword.name, 'KafkaJSSASLAuthenticationError');
    assert.match(wrongPassword.message, /invalid credentials/);
    const unverified = await refusal(withoutCa);
    assert.equal(unverified.name, 'KafkaJSConnectionError');
    assert.match(unverified.message, /self-signed certificate in certificate chain/);
  });

  it('emails the first reminder after checkout and ends the journey on the order, with every event through the secured broker', async () => {
    await abandonCartThenOrder({ shop, inbox: createMailSinkClient(config.email.sinkInboxUrl), temporal }, 'e2e-sasl');

    // The broker is this test's alone: what its topics hold was written by this product, over SASL_SSL.
    const kafka = createKafka(config.kafka.brokers, 'kafka-sasl-ssl-test', createLogger('error'), config.kafka.security);
    assert.ok((await endOffsets(kafka, topics.customerEvents)) >= 4n, 'the shop’s four events are on the secured broker');
    const outcomes = await waitFor(async () => ((await endOffsets(kafka, topics.journeyOutcomes)) > 0n ? true : undefined), {
      timeoutMs: 15_000,
      what: 'the journey outcome on the secured broker',
    });
    assert.ok(outcomes);
  });
});
