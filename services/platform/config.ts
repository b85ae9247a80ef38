/**
 * The only reader of process.env. Defaults come from infra/defaults.env (shared with the
 * infra scripts); every problem is reported at once; the result is frozen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Channel, CurrencyCode, TimeZone } from '../../schemas/primitives.ts';
import { parseMailPrices } from './direct-mail-prices.ts';
import { parseDoubleOptInCountries, type DoubleOptIn } from './double-opt-in/double-opt-in.ts';
import { parseCurrencyRates, type ShopCurrency } from './shop-currency.ts';
import { defaultLoyaltyRules, parseMilestones, parseTiers, type LoyaltyRules } from './loyalty/program-rules.ts';
import { parseSendRates } from './provider-rates.ts';
import { parseFrequencyCaps } from './send-policy/frequency-caps.ts';
import { parseQuietHours } from './send-policy/quiet-hours.ts';
import type { SendPolicy } from './send-policy/send-policy.ts';
import { parseShortDuration } from './short-duration.ts';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function readEnvFile(path: string, { optional = false } = {}): Record<string, string> {
  const defaults: Record<string, string> = {};
  if (optional && !existsSync(path)) return defaults;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1]) defaults[match[1]] = match[2] ?? '';
  }
  return defaults;
}

const port = z.coerce.number().int().min(1).max(65535);

/** A string read by `parse`, whose thrown message becomes this variable's problem. */
const parsedWith = <T>(parse: (text: string) => T) =>
  z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** "https://shop.example,https://www.shop.example": each an origin (scheme, host and port, no path). */
function parseOrigins(text: string): string[] {
  const origins = text
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const bad = origins.filter((origin) => !URL.canParse(origin) || new URL(origin).origin !== origin);
  if (bad.length > 0) throw new Error(`${bad.map((origin) => `"${origin}"`).join(', ')} must be origins such as https://shop.example`);
  return origins;
}

/** The contents of a PEM file named by the variable (certificates and keys are read at boot, so a wrong path stops it). */
function pemFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new Error(`${path} is not a PEM file`);
  return text;
}

function shortDuration(text: string): number {
  const ms = parseShortDuration(text);
  if (ms === null) throw new Error(`"${text}" must be a duration such as 30m, 24h or 7d`);
  return ms;
}

const Env = z
  .object({
    KAFKA_PORT: port,
    KAFKA_BROKERS: z.string().optional(),
    /** Managed Kafka: TLS to the brokers (with a private CA's PEM file if need be) and SASL. */
    KAFKA_SSL: z.enum(['true', 'false']).default('false'),
    KAFKA_SSL_CA_FILE: parsedWith(pemFile).optional(),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_CUSTOMER_EVENT_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(6),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
    /** false: the topics exist already (an account without admin rights) and are only checked. */
    KAFKA_CREATE_TOPICS: z.enum(['true', 'false']).default('true'),
    /** How long journey outcomes stay on Kafka; holdout reports read 30 to 60 days back. */
    JOURNEY_OUTCOMES_RETENTION: parsedWith(shortDuration).default(90 * 86_400_000),
    /** Where the ingest API and the metrics endpoint listen: 0.0.0.0 to be reached from other hosts. */
    INGEST_HOST: z.string().min(1).default('127.0.0.1'),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** production: every local-stack placeholder must be replaced (see LOCAL_PLACEHOLDERS). */
    NODE_ENV: z.string().optional(),
    TEMPORAL_PORT: port,
    TEMPORAL_ADDRESS: z.string().optional(),
    /** Temporal Cloud or a secured cluster: TLS (a private CA's PEM file), mTLS client certificate and key, or an API key. */
    TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
    TEMPORAL_TLS_CA_FILE: parsedWith(pemFile).optional(),
    TEMPORAL_TLS_CERT_FILE: parsedWith(pemFile).optional(),
    TEMPORAL_TLS_KEY_FILE: parsedWith(pemFile).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_UI_PORT: port,
    TEMPORAL_NAMESPACE: z.string().min(1),
    /** The workflows' task queue; each channel's sends run on `<queue>.send.<channel>`. */
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('journeys'),
    TEMPORAL_TEST_SERVER_VERSION: z.string().min(1),
    TEMPORAL_TEST_SERVER: z.string().optional(),
    PG_PORT: port,
    PG_DATABASE: z.string().min(1),
    PG_USER: z.string().min(1),
    DATABASE_URL: z.string().optional(),
    MAIL_SINK_SMTP_PORT: port,
    MAIL_SINK_WEB_PORT: port,
    SMTP_URL: z.string().optional(),
    EMAIL_FROM: z.string().default('Journeys Shop <care@shop.example>'),
    PROVIDER_SINK_PORT: port,
    /** Twilio's REST API; the local provider sink unless set (production: https://api.twilio.com). */
    TWILIO_API_URL: z.url().optional(),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)'),
    TWILIO_AUTH_TOKEN: z.string().min(1),
    /** A Twilio number (E.164) or a Messaging Service SID (MG…). */
    /** What a HELP (or INFO) text to our number is answered with, as US carriers require: who we are, how to reach us, how to opt out. */
    SMS_HELP_TEXT: z
      .string()
      .min(1)
      .max(320)
      .default('Journeys Shop: questions? Write to care@shop.example. Msg & data rates may apply. Reply STOP to opt out.'),
    TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/, 'must be an E.164 number or a Messaging Service SID'),
    /** The public address Twilio posts inbound SMS to (signatures are computed over it). */
    TWILIO_WEBHOOK_URL: z.url().optional(),
    /** Web Push (VAPID, RFC 8292): both keys, or neither (push is then off). */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[\w-]{87}$/, 'must be an uncompressed P-256 public key, base64url (87 characters)')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[\w-]{43}$/, 'must be a P-256 private key, base64url (43 characters)')
      .optional(),
    /** Push services contact the sender here about its pushes. */
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:)/, 'must be a mailto: or https: URL')
      .default('mailto:care@shop.example'),
    /** Lob's API; the local provider sink unless set (production: https://api.lob.com). */
    LOB_API_URL: z.url().optional(),
    LOB_API_KEY: z.string().regex(/^(test|live)_\w+$/, 'must be a Lob API key (test_… or live_…)'),
    /** The return address, saved in Lob (adr_…); letters need one. */
    LOB_FROM: z
      .string()
      .regex(/^adr_\w+$/, 'must be a Lob address id (adr_…)')
      .optional(),
    /** How long after the journey's decision a mail piece may still be cancelled (Lob's send date). */
    DIRECT_MAIL_CANCEL_WINDOW: parsedWith(shortDuration).default(shortDuration('24h')),
    /** Per piece, from the print provider's price list: <kind>:<price> <currency>. */
    /** When the base-wide customer figures are recomputed (a Temporal Schedule, UTC); "off" for none. */
    /** Marketing to customers in the bottom 20% by RFM is skipped (low-value-suppressed); false sends to them too. */
    SUPPRESS_BOTTOM_20: z.enum(['true', 'false']).default('true'),
    METRICS_RECOMPUTE_CRON: z.string().min(1).default('0 3 * * *'),
    /** Customer value is summed in this currency; other currencies by CURRENCY_RATES (one unit of each in it). */
    SHOP_CURRENCY: CurrencyCode.default('USD'),
    CURRENCY_RATES: parsedWith(parseCurrencyRates).default({}),
    DIRECT_MAIL_PRICES: parsedWith(parseMailPrices).default(parseMailPrices('postcard:0.87 USD,letter:1.27 USD')),
    INGEST_PORT: port,
    /** Where customers reach us (unsubscribe links); the ingest API unless set. */
    PUBLIC_URL: z.url().optional(),
    /** The shop's storefront, for links in messages (QR codes on mail pieces). */
    SHOP_URL: z.url().default('https://shop.example'),
    /** Emails carry a 1×1 image that reports their opening (`Message Opened`); false: no pixel, and text-only templates stay text only. */
    EMAIL_OPEN_TRACKING: z.enum(['true', 'false']).default('true'),
    /** Signs unsubscribe, consent and tracked links; keep it stable, or links in sent messages stop working. */
    UNSUBSCRIBE_SECRET: z.string().min(16, 'must be at least 16 characters'),
    INGEST_WRITE_KEYS: z.string().default('dev-write-key'),
    /** The Shopify app's secret that signs its webhooks (`/webhooks/shopify`); unset: the endpoint is off. */
    SHOPIFY_WEBHOOK_SECRET: z.string().min(1).optional(),
    /** The secret of the WooCommerce webhooks (`/webhooks/woocommerce`); unset: the endpoint is off. */
    WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(1).optional(),
    /** Origins whose pages may post events from the browser (Segment's analytics.js), comma-separated; none by default. */
    INGEST_CORS_ORIGINS: parsedWith(parseOrigins).default([]),
    JOURNEY_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
    /** Per provider, messages per second across all workers (each channel's task queue): <channel>:<n>/s. */
    /** Only the channels set here; the others send at their provider's default (the channel's spec). */
    SEND_RATES: parsedWith(parseSendRates).default({}),
    /** Per customer, across journeys, marketing only: <channel>:<limit>/<window>, or "off". */
    FREQUENCY_CAPS: parsedWith(parseFrequencyCaps).default(
      parseFrequencyCaps('email:2/24h,email:5/7d,sms:1/24h,sms:3/7d,push:3/24h,direct_mail:1/14d'),
    ),
    /** In the customer's time zone: "HH:MM-HH:MM", or "off". */
    QUIET_HOURS: parsedWith((text) => parseQuietHours(text, [])).default(parseQuietHours('21:00-08:00', [])),
    QUIET_HOURS_CHANNELS: z
      .string()
      .default('email,sms,push')
      .pipe(
        z.transform((text) =>
          text
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        ),
      )
      .pipe(z.array(Channel)),
    /** Marketing consent lapses this many months after it was given, unless renewed (the re-permission journey). */
    CONSENT_LAPSE_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
    /** Countries where an email marketing subscription waits for its confirmation link: ISO codes, or "off". */
    DOUBLE_OPT_IN_COUNTRIES: parsedWith(parseDoubleOptInCountries).default(parseDoubleOptInCountries('DE,AT')),
    /** Loyalty points per unit of the shop's currency an order comes to (converted by CURRENCY_RATES). */
    LOYALTY_POINTS_PER_UNIT: z.coerce.number().min(0).max(10_000).default(defaultLoyaltyRules.pointsPerUnit),
    /** Points for a customer's first review of a product, and for the referrer of a successful referral. */
    LOYALTY_REVIEW_POINTS: z.coerce.number().int().min(0).default(defaultLoyaltyRules.reviewPoints),
    LOYALTY_REFERRAL_POINTS: z.coerce.number().int().min(0).default(defaultLoyaltyRules.referralPoints),
    /** Points expire this many months after they were earned, oldest first. */
    LOYALTY_POINTS_EXPIRY_MONTHS: z.coerce.number().int().min(1).max(120).default(defaultLoyaltyRules.expiryMonths),
    /** <tier>:<threshold>, lowest first, judged on LOYALTY_TIER_BASIS over the last 12 months; "off" for none. */
    LOYALTY_TIERS: parsedWith(parseTiers).default([...defaultLoyaltyRules.tiers]),
    /** points: points earned; spend: net spend in shop currency units. */
    LOYALTY_TIER_BASIS: z.enum(['points', 'spend']).default(defaultLoyaltyRules.tierBasis),
    /** Lifetime points that earn a milestone reward (the loyalty-milestone journey); "off" for none. */
    LOYALTY_MILESTONES: parsedWith(parseMilestones).default([...defaultLoyaltyRules.milestones]),
    /** The shop's zone, for customers whose own is unknown. */
    DEFAULT_TIME_ZONE: TimeZone.default('UTC'),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535),
    /** The operators' web console (`journeys console`): where it listens, and the token that signs in to it. */
    CONSOLE_PORT: port.default(8090),
    CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
    CONSOLE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .refine((e) => e.KAFKA_SASL_MECHANISM === undefined || (e.KAFKA_SASL_USERNAME !== undefined && e.KAFKA_SASL_PASSWORD !== undefined), {
    path: ['KAFKA_SASL_MECHANISM'],
    message: 'needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
  })
  .refine((e) => (e.TEMPORAL_TLS_CERT_FILE === undefined) === (e.TEMPORAL_TLS_KEY_FILE === undefined), {
    path: ['TEMPORAL_TLS_KEY_FILE'],
    message: 'set both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE (mTLS), or neither',
  })
  .refine((e) => (e.VAPID_PUBLIC_KEY === undefined) === (e.VAPID_PRIVATE_KEY === undefined), {
    path: ['VAPID_PRIVATE_KEY'],
    message: 'set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither',
  });

/**
 * Settings whose defaults serve only the local stack: the dev write key, the local
 * unsubscribe secret, the provider sink's credentials, and provider addresses that default
 * to the local sinks. In production each must come from the environment, with another value.
 */
const LOCAL_PLACEHOLDERS = [
  'INGEST_WRITE_KEYS',
  'UNSUBSCRIBE_SECRET',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_URL',
  'LOB_API_KEY',
  'LOB_API_URL',
  'SMTP_URL',
] as const;

function localPlaceholders(env: NodeJS.ProcessEnv, defaults: Record<string, string>): string[] {
  const local: Record<string, string | undefined> = { ...defaults, INGEST_WRITE_KEYS: 'dev-write-key' };
  return LOCAL_PLACEHOLDERS.filter((name) => {
    const value = env[name];
    if (!value) return true;
    return name === 'INGEST_WRITE_KEYS' ? value.split(',').some((key) => key.trim() === local[name]) : value === local[name];
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const defaults = readEnvFile(fromRoot('infra/defaults.env'));
  const parsed = Env.safeParse({
    ...defaults,
    ...readEnvFile(fromRoot('infra/versions.env')),
    // Keys the local stack generated for itself (infra/stack.sh up); never committed.
    ...readEnvFile(`${env.JOURNEYS_LOCAL_DIR ?? fromRoot('.local')}/keys.env`, { optional: true }),
    ...env,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    const placeholders = localPlaceholders(env, defaults);
    if (placeholders.length > 0)
      throw new Error(
        `Invalid configuration:\n${placeholders.map((name) => `  ${name}: NODE_ENV=production, but this is the local stack's placeholder; set a real value`).join('\n')}`,
      );
  }
  const scale = e.JOURNEY_TIME_SCALE;
  return Object.freeze({
    kafka: {
      brokers: (e.KAFKA_BROKERS ?? `127.0.0.1:${e.KAFKA_PORT}`).split(',').map((b) => b.trim()),
      topics: {
        customerEventPartitions: e.KAFKA_CUSTOMER_EVENT_PARTITIONS,
        replicationFactor: e.KAFKA_REPLICATION_FACTOR,
        create: e.KAFKA_CREATE_TOPICS === 'true',
        outcomesRetentionMs: e.JOURNEY_OUTCOMES_RETENTION,
      },
      security: {
        ssl: e.KAFKA_SSL === 'true' || e.KAFKA_SSL_CA_FILE !== undefined,
        ...(e.KAFKA_SSL_CA_FILE ? { ca: e.KAFKA_SSL_CA_FILE } : {}),
        ...(e.KAFKA_SASL_MECHANISM
          ? { sasl: { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME!, password: e.KAFKA_SASL_PASSWORD! } }
          : {}),
      },
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      security: {
        tls:
          e.TEMPORAL_TLS === 'true' ||
          e.TEMPORAL_API_KEY !== undefined ||
          e.TEMPORAL_TLS_CA_FILE !== undefined ||
          e.TEMPORAL_TLS_CERT_FILE !== undefined,
        ...(e.TEMPORAL_TLS_CA_FILE ? { ca: e.TEMPORAL_TLS_CA_FILE } : {}),
        ...(e.TEMPORAL_TLS_CERT_FILE && e.TEMPORAL_TLS_KEY_FILE
          ? { clientCert: { crt: e.TEMPORAL_TLS_CERT_FILE, key: e.TEMPORAL_TLS_KEY_FILE } }
          : {}),
        ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
      },
      webUiUrl: `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`,
      // Installed by infra/temporal-test-server.sh.
      testServerPath:
        e.TEMPORAL_TEST_SERVER ?? fromRoot(`.local/temporal-test-server-${e.TEMPORAL_TEST_SERVER_VERSION}/bin/temporal-test-server`),
    },
    databaseUrl: e.DATABASE_URL ?? `postgres://${e.PG_USER}@127.0.0.1:${e.PG_PORT}/${e.PG_DATABASE}`,
    email: {
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.MAIL_SINK_SMTP_PORT}`,
      from: e.EMAIL_FROM,
      sinkInboxUrl: `http://127.0.0.1:${e.MAIL_SINK_WEB_PORT}`,
    },
    providerSink: { port: e.PROVIDER_SINK_PORT, url: `http://127.0.0.1:${e.PROVIDER_SINK_PORT}` },
    sms: {
      apiUrl: e.TWILIO_API_URL ?? `http://127.0.0.1:${e.PROVIDER_SINK_PORT}`,
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      helpText: e.SMS_HELP_TEXT,
      webhookUrl: e.TWILIO_WEBHOOK_URL ?? `http://127.0.0.1:${e.INGEST_PORT}/webhooks/twilio/sms`,
    },
    directMail: {
      apiUrl: e.LOB_API_URL ?? `http://127.0.0.1:${e.PROVIDER_SINK_PORT}`,
      apiKey: e.LOB_API_KEY,
      ...(e.LOB_FROM ? { from: e.LOB_FROM } : {}),
      // Scaled like journey time: a demo's converted customer cancels within its window.
      cancelWindowMs: e.DIRECT_MAIL_CANCEL_WINDOW * scale,
      prices: e.DIRECT_MAIL_PRICES,
    },
    push:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? { vapid: { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT } }
        : null,
    links: {
      baseUrl: e.PUBLIC_URL ?? `http://127.0.0.1:${e.INGEST_PORT}`,
      unsubscribeSecret: e.UNSUBSCRIBE_SECRET,
      shopUrl: e.SHOP_URL.replace(/\/$/, ''),
      openTracking: e.EMAIL_OPEN_TRACKING === 'true',
    },
    ingest: {
      port: e.INGEST_PORT,
      host: e.INGEST_HOST,
      writeKeys: new Set(
        e.INGEST_WRITE_KEYS.split(',')
          .map((key) => key.trim())
          .filter(Boolean),
      ),
      corsOrigins: e.INGEST_CORS_ORIGINS,
      shopifySecret: e.SHOPIFY_WEBHOOK_SECRET,
      woocommerceSecret: e.WOOCOMMERCE_WEBHOOK_SECRET,
    },
    journeys: { timeScale: scale },
    sendRates: e.SEND_RATES,
    /**
     * A scaled run (demo, end-to-end tests) scales the cap windows like every other journey
     * duration; quiet hours are times of the customer's day, which cannot be scaled, so
     * such runs have none.
     */
    sendPolicy: {
      caps: e.FREQUENCY_CAPS.map((cap) => ({ ...cap, windowMs: cap.windowMs * scale })),
      quietHours: e.QUIET_HOURS && scale === 1 ? { ...e.QUIET_HOURS, channels: e.QUIET_HOURS_CHANNELS } : null,
      defaultTimeZone: e.DEFAULT_TIME_ZONE,
      suppressBottom20: e.SUPPRESS_BOTTOM_20 === 'true',
      consentLapseMonths: e.CONSENT_LAPSE_MONTHS,
    } satisfies SendPolicy,
    /** token: null when unset; the console refuses to start without one. */
    console: { port: e.CONSOLE_PORT, host: e.CONSOLE_HOST, token: e.CONSOLE_TOKEN ?? null },
    telemetry: { metricsPort: e.METRICS_PORT, metricsHost: e.METRICS_HOST, otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT },
    shopCurrency: { code: e.SHOP_CURRENCY, rates: e.CURRENCY_RATES } satisfies ShopCurrency,
    consent: { lapseMonths: e.CONSENT_LAPSE_MONTHS, doubleOptIn: { countries: e.DOUBLE_OPT_IN_COUNTRIES } satisfies DoubleOptIn },
    loyalty: {
      pointsPerUnit: e.LOYALTY_POINTS_PER_UNIT,
      reviewPoints: e.LOYALTY_REVIEW_POINTS,
      referralPoints: e.LOYALTY_REFERRAL_POINTS,
      expiryMonths: e.LOYALTY_POINTS_EXPIRY_MONTHS,
      tierBasis: e.LOYALTY_TIER_BASIS,
      tiers: e.LOYALTY_TIERS,
      milestones: e.LOYALTY_MILESTONES,
    } satisfies LoyaltyRules,
    customerValue: { recomputeCron: e.METRICS_RECOMPUTE_CRON === 'off' ? null : e.METRICS_RECOMPUTE_CRON },
    logLevel: e.LOG_LEVEL,
  });
}

export type Config = ReturnType<typeof loadConfig>;
