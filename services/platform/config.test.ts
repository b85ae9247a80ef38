import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { kafkaSecurityOptions } from './kafka/client.ts';
import { temporalConnectionOptions } from './temporal/client.ts';

describe('configuration of the send policy', () => {
  it('names every bad variable at once', () => {
    assert.throws(
      () =>
        loadConfig({
          FREQUENCY_CAPS: 'email:2/24h,fax:1/1d',
          QUIET_HOURS: '9-5',
          QUIET_HOURS_CHANNELS: 'email,pigeon',
          DEFAULT_TIME_ZONE: 'Mars/Olympus',
        }),
      (error: Error) =>
        ['FREQUENCY_CAPS: ', '"fax:1/1d"', 'QUIET_HOURS: ', '"9-5"', 'QUIET_HOURS_CHANNELS.1', 'DEFAULT_TIME_ZONE: '].every((part) =>
          error.message.includes(part),
        ),
    );
  });

  it('defaults to caps per channel and quiet hours 21:00–08:00 for email, SMS and push', () => {
    const { sendPolicy } = loadConfig({});
    assert.deepEqual(
      sendPolicy.caps.filter((cap) => cap.channel === 'email').map((cap) => [cap.limit, cap.windowMs / 3_600_000]),
      [
        [2, 24],
        [5, 168],
      ],
    );
    assert.deepEqual(sendPolicy.quietHours, { startMinute: 21 * 60, endMinute: 8 * 60, channels: ['email', 'sms', 'push'] });
  });

  it('scales cap windows in a scaled run (demo, end-to-end tests) and drops quiet hours, which cannot be scaled', () => {
    const { sendPolicy } = loadConfig({ JOURNEY_TIME_SCALE: String(1 / 3600), FREQUENCY_CAPS: 'sms:1/24h' });
    assert.deepEqual(
      sendPolicy.caps.map((cap) => cap.windowMs),
      [24_000],
    );
    assert.equal(sendPolicy.quietHours, null);
  });
});

describe('configuration of Web Push', () => {
  // No generated local keys: only what the environment gives.
  const withoutLocalKeys = { JOURNEYS_LOCAL_DIR: '/nonexistent' };
  const publicKey = `B${'A'.repeat(86)}`;

  it('turns push off when no VAPID keys are set', () => {
    assert.equal(loadConfig(withoutLocalKeys).push, null);
  });

  it('refuses half a key pair, and a key of the wrong shape, by name', () => {
    assert.throws(
      () => loadConfig({ ...withoutLocalKeys, VAPID_PUBLIC_KEY: publicKey }),
      /VAPID_PRIVATE_KEY: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither/,
    );
    assert.throws(
      () => loadConfig({ ...withoutLocalKeys, VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: 'A'.repeat(43) }),
      /VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key/,
    );
  });

  it('signs as the configured subject with both keys', () => {
    const { push } = loadConfig({
      ...withoutLocalKeys,
      VAPID_PUBLIC_KEY: publicKey,
      VAPID_PRIVATE_KEY: 'A'.repeat(43),
      VAPID_SUBJECT: 'https://shop.example/contact',
    });
    assert.deepEqual(push, { vapid: { publicKey, privateKey: 'A'.repeat(43), subject: 'https://shop.example/contact' } });
  });
});

describe('configuration for production', () => {
  const real = {
    NODE_ENV: 'production',
    INGEST_WRITE_KEYS: 'wk_live_1',
    UNSUBSCRIBE_SECRET: 'a-real-secret-of-the-shop-0123456789',
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-token',
    TWILIO_API_URL: 'https://api.twilio.com',
    LOB_API_KEY: 'live_key',
    LOB_API_URL: 'https://api.lob.com',
    SMTP_URL: 'smtps://relay.shop.example:465',
  };

  it('refuses to start with any local-stack placeholder, naming each', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: Error) =>
        [
          'INGEST_WRITE_KEYS',
          'UNSUBSCRIBE_SECRET',
          'TWILIO_ACCOUNT_SID',
          'TWILIO_AUTH_TOKEN',
          'TWILIO_API_URL',
          'LOB_API_KEY',
          'LOB_API_URL',
          'SMTP_URL',
        ].every((name) => error.message.includes(`${name}: NODE_ENV=production`)),
    );
    assert.throws(() => loadConfig({ ...real, INGEST_WRITE_KEYS: 'wk_live_1,dev-write-key' }), /INGEST_WRITE_KEYS: NODE_ENV=production/);
    assert.throws(
      () => loadConfig({ ...real, UNSUBSCRIBE_SECRET: 'local-stack-only-not-a-secret' }),
      /UNSUBSCRIBE_SECRET: NODE_ENV=production/,
    );
  });

  it('starts with real values, and reads topic settings and listen addresses', () => {
    const config = loadConfig({
      ...real,
      KAFKA_CUSTOMER_EVENT_PARTITIONS: '24',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_CREATE_TOPICS: 'false',
      JOURNEY_OUTCOMES_RETENTION: '120d',
      INGEST_HOST: '0.0.0.0',
    });
    assert.deepEqual(config.kafka.topics, {
      customerEventPartitions: 24,
      replicationFactor: 3,
      create: false,
      outcomesRetentionMs: 120 * 86_400_000,
    });
    assert.equal(config.ingest.host, '0.0.0.0');
    assert.equal(config.telemetry.metricsHost, '127.0.0.1');
  });
});

describe('configuration for managed Kafka and Temporal Cloud', () => {
  const pem = (label: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'journeys-config-')), `${label}.pem`);
    writeFileSync(path, `-----BEGIN ${label.toUpperCase()}-----\nAAAA\n-----END ${label.toUpperCase()}-----\n`);
    return path;
  };

  it('reads TLS, SASL, mTLS and API key settings into the clients’ connection options', () => {
    const config = loadConfig({
      KAFKA_SSL_CA_FILE: pem('certificate'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'journeys',
      KAFKA_SASL_PASSWORD: 'kafka-password',
      TEMPORAL_TLS_CERT_FILE: pem('certificate'),
      TEMPORAL_TLS_KEY_FILE: pem('private key'),
      TEMPORAL_API_KEY: 'temporal-api-key',
    });
    const kafka = kafkaSecurityOptions(config.kafka.security);
    assert.deepEqual(kafka.sasl, { mechanism: 'scram-sha-512', username: 'journeys', password: 'kafka-password' });
    assert.match(String((kafka.ssl as { ca: string[] }).ca[0]), /BEGIN CERTIFICATE/);
    const temporal = temporalConnectionOptions(config.temporal.address, config.temporal.security);
    assert.equal(temporal.apiKey, 'temporal-api-key');
    assert.match(temporal.tls?.clientCertPair?.key.toString() ?? '', /BEGIN PRIVATE KEY/);
    // The local stack: plain connections.
    assert.deepEqual(kafkaSecurityOptions(loadConfig({}).kafka.security), {});
    assert.deepEqual(temporalConnectionOptions('127.0.0.1:7233', loadConfig({}).temporal.security), { address: '127.0.0.1:7233' });
  });

  it('names each incomplete or unreadable setting', () => {
    assert.throws(
      () => loadConfig({ KAFKA_SASL_MECHANISM: 'plain', TEMPORAL_TLS_CERT_FILE: pem('certificate') }),
      (error: Error) =>
        ['KAFKA_SASL_MECHANISM: needs KAFKA_SASL_USERNAME', 'TEMPORAL_TLS_KEY_FILE: set both'].every((part) =>
          error.message.includes(part),
        ),
    );
    assert.throws(
      () => loadConfig({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }),
      /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca\.pem: ENOENT/,
    );
  });
});

describe('configuration of double opt-in', () => {
  it('asks German and Austrian subscribers to confirm unless told otherwise', () => {
    assert.deepEqual(loadConfig({}).consent.doubleOptIn.countries, ['DE', 'AT']);
  });

  it('reads a list of country codes in any case, and "off" as none', () => {
    assert.deepEqual(loadConfig({ DOUBLE_OPT_IN_COUNTRIES: ' de, ch ,AT' }).consent.doubleOptIn.countries, ['DE', 'CH', 'AT']);
    assert.deepEqual(loadConfig({ DOUBLE_OPT_IN_COUNTRIES: 'off' }).consent.doubleOptIn.countries, []);
  });

  it('names the codes that are not country codes', () => {
    assert.throws(
      () => loadConfig({ DOUBLE_OPT_IN_COUNTRIES: 'DE,Germany,A1' }),
      (error: Error) => ['DOUBLE_OPT_IN_COUNTRIES: ', '"GERMANY"', '"A1"'].every((part) => error.message.includes(part)),
    );
  });
});

describe('configuration of the loyalty program', () => {
  it('defaults to a point per unit, points expiring after 12 months, and bronze, silver and gold by points', () => {
    const { loyalty } = loadConfig({});
    assert.equal(loyalty.pointsPerUnit, 1);
    assert.equal(loyalty.expiryMonths, 12);
    assert.equal(loyalty.tierBasis, 'points');
    assert.deepEqual(
      loyalty.tiers.map((tier) => tier.name),
      ['bronze', 'silver', 'gold'],
    );
  });

  it('reads tiers by spend, and names each bad loyalty setting', () => {
    const { loyalty } = loadConfig({
      LOYALTY_TIERS: 'member:100,vip:1000',
      LOYALTY_TIER_BASIS: 'spend',
      LOYALTY_POINTS_EXPIRY_MONTHS: '24',
    });
    assert.deepEqual(loyalty.tiers, [
      { name: 'member', threshold: 100 },
      { name: 'vip', threshold: 1000 },
    ]);
    assert.equal(loyalty.expiryMonths, 24);
    assert.throws(
      () => loadConfig({ LOYALTY_TIERS: 'gold:5000,silver:1500', LOYALTY_POINTS_EXPIRY_MONTHS: '0', LOYALTY_MILESTONES: 'lots' }),
      (error: Error) =>
        ['LOYALTY_TIERS: ', 'must have a higher threshold', 'LOYALTY_POINTS_EXPIRY_MONTHS: ', 'LOYALTY_MILESTONES: '].every((part) =>
          error.message.includes(part),
        ),
    );
  });
});

describe('configuration of the console', () => {
  it('listens on 127.0.0.1:8090 without a token unless told otherwise', () => {
    assert.deepEqual(loadConfig({}).console, { port: 8090, host: '127.0.0.1', token: null });
    const set = loadConfig({ CONSOLE_PORT: '9000', CONSOLE_HOST: '0.0.0.0', CONSOLE_TOKEN: 'a-token-of-24-characters' }).console;
    assert.deepEqual(set, { port: 9000, host: '0.0.0.0', token: 'a-token-of-24-characters' });
  });

  it('refuses a token shorter than 16 characters, by name', () => {
    assert.throws(() => loadConfig({ CONSOLE_TOKEN: 'short' }), /CONSOLE_TOKEN: must be at least 16 characters/);
  });
});
