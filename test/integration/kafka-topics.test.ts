/**
 * The product's topics on the real Kafka: outcome retention as configured (holdout reports
 * read 30 to 60 days back), and an account without admin rights that only checks them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import kafkajs, { type Kafka } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createKafka, ensureTopics, localTopicSettings } from '../../services/platform/kafka/client.ts';
import { createLogger } from '../../services/platform/logger.ts';

const config = loadConfig();
let kafka: Kafka;

before(() => {
  kafka = createKafka(config.kafka.brokers, 'kafka-topics-test', createLogger('error'));
});
after(() => ensureTopics(kafka, localTopicSettings));

async function outcomesRetentionMs(): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topics.journeyOutcomes, configNames: ['retention.ms'] }],
    });
    return described.resources[0]?.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
  } finally {
    await admin.disconnect();
  }
}

describe('Kafka topics', () => {
  it('keeps journey outcomes as long as configured', async () => {
    await ensureTopics(kafka, { ...localTopicSettings, outcomesRetentionMs: 120 * 86_400_000 });
    assert.equal(await outcomesRetentionMs(), String(120 * 86_400_000));
    await ensureTopics(kafka, localTopicSettings);
    assert.equal(await outcomesRetentionMs(), String(90 * 86_400_000));
  });

  it('only checks the topics when it may not create them', async () => {
    await ensureTopics(kafka, { ...localTopicSettings, create: false, outcomesRetentionMs: 1 });
    // Nothing was altered either: an account without admin rights could not have.
    assert.equal(await outcomesRetentionMs(), String(90 * 86_400_000));
  });
});
