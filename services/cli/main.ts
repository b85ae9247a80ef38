/**
 * `journeys <command>`: starts each process of the product, or all of them (`dev`), and the
 * operator's commands. One table; a command's modules load when it runs, so `--help` needs
 * no configuration, database or server.
 */
import { loadConfig } from '../platform/config.ts';
import { parseShortDuration } from '../platform/short-duration.ts';
import { createLogger } from '../platform/logger.ts';
import type { ProcessName } from '../processes/composition-root.ts';
import { runCommandLine, type Command, type OptionValues } from './command-line.ts';
import { UsageError } from './usage-error.ts';

/** Read when a command runs, never for `--help`. */
function configured() {
  const config = loadConfig();
  return { config, logger: createLogger(config.logLevel) };
}
const admin = () => import('./admin-commands.ts');
const apologies = () => import('./apology-commands.ts');
const backfills = () => import('./backfill-commands.ts');
const campaigns = () => import('./campaign-commands.ts');
const coupons = () => import('./coupon-commands.ts');
const referrals = () => import('./referral-commands.ts');
const reports = () => import('./report-commands.ts');
const loyalty = () => import('./loyalty-commands.ts');
const metrics = () => import('./metrics-commands.ts');
const segments = () => import('./segment-commands.ts');
const journeySettings = () => import('./journey-settings-commands.ts');

/** `--format`: a table for people (the default), JSON for scripts. */
function formatOption(options: OptionValues): 'table' | 'json' {
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${String(format)}"`);
  return format;
}
/** `--customer c-1,c-2`: the ids, or undefined when the option is not given. */
const commaSeparated = (value: OptionValues[string]) => (typeof value === 'string' ? value.split(',').filter(Boolean) : undefined);

const formatFlag = { format: { type: 'string', description: 'table (default) or json' } } as const;

/** Runs product processes until SIGINT/SIGTERM; every process when `only` is not given. */
const serve = (only?: ProcessName) => async () => {
  const { config, logger } = configured();
  const { processNames, startProduct } = await import('../processes/composition-root.ts');
  const { untilSignalled } = await import('../platform/shutdown.ts');
  const product = await startProduct(config, logger, only ? [only] : processNames);
  await untilSignalled();
  await product.stop();
  // Everything is stopped and committed; a client library's stray socket (kafkajs after a
  // broker restart) must not keep a stopped process alive under its supervisor.
  process.exit(0);
};

async function migrateCommand() {
  const { config } = configured();
  const { migrate } = await import('../platform/db/migrate.ts');
  const { createDb } = await import('../platform/db/pool.ts');
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.end();
  }
}

const journeySwitch = (action: 'pause' | 'resume' | 'stop', summary: string): Command => ({
  name: `journey ${action}`,
  args: ['<journey id>'],
  summary,
  details: '<journey id> is one of those `journeys journey list` shows, e.g. cart-abandonment.',
  run: async ({ args }) => (await admin()).switchJourneyCommand(configured().config, action, args[0]!),
});

const journeyEnabling = (action: 'enable' | 'disable', summary: string): Command => ({
  name: `journey ${action}`,
  args: ['<journey id>'],
  summary,
  run: async ({ args }) => (await journeySettings()).enableJourneyCommand(configured().config, args[0]!, action === 'enable'),
});

const commands: Command[] = [
  { name: 'dev', summary: 'ingest API, router, projector and worker in one process', run: serve() },
  { name: 'ingest', summary: 'the HTTP ingest API (Segment-compatible)', run: serve('ingest') },
  { name: 'router', summary: 'Kafka customer-events → one Temporal workflow per customer', run: serve('router') },
  { name: 'projector', summary: 'Kafka customer-events → PostgreSQL event store and projections', run: serve('projector') },
  { name: 'worker', summary: 'the Temporal worker (workflows and send activities)', run: serve('worker') },
  { name: 'migrate', summary: 'apply database migrations', run: migrateCommand },
  {
    name: 'console',
    summary: 'the web console: what each journey earns, who is in it now, each customer (needs CONSOLE_TOKEN)',
    details: 'Listens on CONSOLE_HOST:CONSOLE_PORT (127.0.0.1:8090); open it once with ?token=<CONSOLE_TOKEN> to sign the browser in.',
    run: async () => {
      const { config, logger } = configured();
      const { startConsole } = await import('../processes/console/console.ts');
      const { untilSignalled } = await import('../platform/shutdown.ts');
      const running = await startConsole(config, logger);
      // The token is not printed: a supervisor keeps stdout in its logs.
      process.stdout.write(`The console is at ${running.url}/?token=<CONSOLE_TOKEN> (Ctrl-C stops it)\n`);
      await untilSignalled();
      await running.stop();
    },
  },
  {
    name: 'demo',
    options: { exit: { type: 'boolean', description: 'stop after the scenario instead of running on' } },
    summary: 'run the product and play a cart-abandonment scenario',
    run: async ({ options }) => {
      const { config, logger } = configured();
      const { runDemo } = await import('./demo/demo.ts');
      await runDemo(config, logger, { exitAfterScenario: options.exit === true });
    },
  },

  {
    name: 'simulate',
    options: {
      customers: { type: 'string', description: 'how many simulated customers (default 2000)' },
      minutes: { type: 'string', description: 'how long to wait for every journey to send (default 10)' },
    },
    summary: "run the product and a simulated store's customers through it until every journey has sent",
    run: async ({ options }) => {
      const customers = options.customers === undefined ? 2000 : Number(options.customers);
      const minutes = options.minutes === undefined ? 10 : Number(options.minutes);
      if (!Number.isInteger(customers) || customers < 1)
        throw new UsageError(`--customers must be a whole number above 0, not "${String(options.customers)}"`);
      if (!(minutes > 0)) throw new UsageError(`--minutes must be a number above 0, not "${String(options.minutes)}"`);
      const { config, logger } = configured();
      const { runSimulation } = await import('./simulate/run-simulation.ts');
      await runSimulation(config, logger, { customers, timeoutMs: minutes * 60_000 });
    },
  },

  {
    name: 'dlq list',
    summary: 'messages parked in customer-events.dlq, with the reason',
    run: async () => (await admin()).listDeadLettersCommand(configured()),
  },
  {
    name: 'dlq redrive',
    summary: 're-publish them into customer-events (after fixing the cause)',
    run: async () => (await admin()).redriveDeadLettersCommand(configured()),
  },
  {
    name: 'projections rebuild',
    summary: 'replay customer-events into fresh projection tables and swap them in',
    details: 'Shows per table the rows it adds, drops and changes before it swaps; refuses to drop consent rows without --yes.',
    options: { yes: { type: 'boolean', description: 'swap even when consent rows would be dropped' } },
    run: async ({ options }) => (await admin()).rebuildProjectionsCommand(configured(), options.yes === true),
  },

  {
    name: 'journey list',
    summary: "each journey's state and its customers per step, with Web UI links",
    run: async () => (await admin()).listJourneysCommand(configured().config),
  },
  journeySwitch('pause', "hold the journey's sends (they wait, nothing is dropped)"),
  journeySwitch('resume', 'let them go again'),
  journeySwitch('stop', 'customers leave the journey at their next send'),
  {
    name: 'journey show',
    args: ['<journey id>'],
    summary: 'what starts and ends a journey, whether it is enabled, and its parameters',
    run: async ({ args }) => (await journeySettings()).showJourneyCommand(configured().config, args[0]!),
  },
  journeyEnabling('enable', 'customers enter it (the default)'),
  journeyEnabling(
    'disable',
    'no customer enters it from now on; those in it go on (stop ends theirs); yearly journeys skip their sends instead',
  ),
  {
    name: 'journey set',
    args: ['<journey id>', '[<name>=<value>...]'],
    options: { reset: { type: 'string', description: 'parameters back to their defaults, comma-separated' } },
    summary: "set a journey's parameters for customers who enter from now on",
    details: 'e.g. journeys journey set win-back postcardMinPredictedValue=80 couponPool=win-back-fr   (journey show lists them)',
    run: async ({ args, options }) => {
      const reset = typeof options.reset === 'string' ? options.reset.split(',').filter(Boolean) : [];
      await (await journeySettings()).setJourneyParametersCommand(configured().config, args[0]!, args.slice(1), reset);
    },
  },
  {
    name: 'journey apologize',
    args: ['<journey id>', '<step>'],
    options: {
      'dry-run': { type: 'boolean', description: 'count the customers who got the step, write nothing' },
      since: { type: 'string', description: 'only those it was sent to since this time (ISO, e.g. when a broken template went live)' },
      customer: { type: 'string', description: 'only these of them (comma-separated ids), where the mistake reached a known few' },
    },
    summary: 'one apology to each customer a broken or repeated message of that step was sent to',
    details: [
      'The message ledger says who got the step; each of them gets one apology (the oops-apology journey, by email)',
      'through the send gate, which checks their consent as for any send. Idempotent: running it again sends nobody',
      'a second apology. e.g. journeys journey apologize cart-abandonment reminder-1 --dry-run',
    ].join('\n'),
    run: async ({ args: [journeyId, step], options }) => {
      const since = typeof options.since === 'string' ? new Date(options.since) : undefined;
      if (since && Number.isNaN(since.getTime()))
        throw new UsageError(`--since must be an ISO time such as 2026-12-01T09:00:00Z, not "${String(options.since)}"`);
      const customerIds = commaSeparated(options.customer);
      await (
        await apologies()
      ).apologizeCommand(configured(), {
        journeyId: journeyId!,
        step: step!,
        dryRun: options['dry-run'] === true,
        ...(since ? { sentSince: since } : {}),
        ...(customerIds ? { customerIds } : {}),
      });
    },
  },
  {
    name: 'journey backfill',
    args: ['<journey id>'],
    options: {
      'dry-run': { type: 'boolean', description: 'count the customers it would offer, write nothing' },
      customer: { type: 'string', description: 'only these customers (comma-separated ids): try it on a few first' },
    },
    summary: 'enter the customers a yearly journey missed because their trigger came before it shipped',
    details: [
      "For birthday, signup-anniversary, first-order-anniversary and re-permission: each customer's trigger event from",
      'the event store (their sign-up, first order, birthday, consent grant in force) is offered to that journey alone, under',
      'its entry rules. Idempotent: customers already in it stay as they are. e.g. journeys journey backfill re-permission --dry-run',
    ].join('\n'),
    run: async ({ args: [journeyId], options }) => {
      const customerIds = commaSeparated(options.customer);
      await (
        await backfills()
      ).backfillCommand(configured(), {
        journeyId: journeyId!,
        dryRun: options['dry-run'] === true,
        ...(customerIds ? { customerIds } : {}),
      });
    },
  },
  {
    name: 'customer show',
    args: ['<customer id>'],
    summary: "a customer's stage, journeys, consent, assignments, loyalty points and messages",
    run: async ({ args }) => (await admin()).showCustomerCommand(configured().config, args[0]!),
  },

  {
    name: 'segments list',
    options: formatFlag,
    summary: 'each segment: members now, entered and exited in the last 24 hours',
    run: async ({ options }) => (await segments()).listSegmentsCommand(configured().config.databaseUrl, formatOption(options)),
  },
  {
    name: 'segments show',
    args: ['<segment id>'],
    options: { limit: { type: 'string', description: 'how many members to show, newest first (default 20)' }, ...formatFlag },
    summary: "a segment's size, last 24 hours and newest members",
    details: '<segment id> is one of those `journeys segments list` shows, e.g. high-value.',
    run: async ({ args, options }) => {
      const limit = options.limit === undefined ? 20 : Number(options.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError(`--limit must be a whole number above 0, not "${String(options.limit)}"`);
      const format = formatOption(options);
      await (await segments()).showSegmentCommand(configured().config.databaseUrl, args[0]!, { limit, format });
    },
  },

  {
    name: 'campaigns list',
    options: formatFlag,
    summary: 'each holiday campaign: where, its state, the next window per place',
    run: async ({ options }) => (await campaigns()).listCampaignsCommand(configured().config, formatOption(options)),
  },
  {
    name: 'campaigns open',
    args: ['<campaign id>'],
    options: { date: { type: 'string', description: 'the next holiday on or after this day (YYYY-MM-DD; default today)' } },
    summary: "open a campaign's next window now, for every customer where the holiday is kept",
    details: [
      'Writes what the nightly run writes the day before a window opens; each customer still gets the offer at the',
      "campaign's hour on the window's first day. Idempotent: a customer opened before is not opened again.",
      'e.g. journeys campaigns open boxing-day --date 2027-12-01',
    ].join('\n'),
    run: async ({ args, options }) => {
      const { knownCampaign, openCampaignCommand, parseDate } = await campaigns();
      const request = { campaignId: knownCampaign(args[0]!).id, date: parseDate(options.date as string | undefined) };
      await openCampaignCommand(configured(), request);
    },
  },
  {
    name: 'campaigns stop',
    args: ['<campaign id>'],
    summary: 'stop a campaign: the same switch as `journey stop` (customers leave at their next send)',
    run: async ({ args }) => {
      const campaign = (await campaigns()).knownCampaign(args[0]!);
      await (await admin()).switchJourneyCommand(configured().config, 'stop', campaign.id);
    },
  },

  {
    name: 'coupons create',
    args: ['<pool>', '"<discount>"', '<valid days>', '[<country>,…]'],
    options: {
      percent: { type: 'string', description: 'percent off the eligible lines (1-100)' },
      amount: { type: 'string', description: 'an amount off, e.g. 10 (needs --currency)' },
      cap: { type: 'string', description: 'the most a percent discount takes off (needs --currency)' },
      currency: { type: 'string', description: 'the currency of --amount, --cap and --min-order' },
      'min-order': { type: 'string', description: 'the order subtotal a code needs, e.g. 50' },
      products: { type: 'string', description: 'product ids the discount applies to, comma-separated' },
      categories: { type: 'string', description: 'categories the discount applies to, comma-separated' },
      from: { type: 'string', description: 'codes are valid from this date or time' },
      until: { type: 'string', description: 'codes are valid until this date or time' },
      'uses-per-code': { type: 'string', description: 'orders one code may be used on (default 1)' },
      'uses-per-pool': { type: 'string', description: 'orders all codes of the pool may be used on' },
      stackable: { type: 'boolean', description: 'a code may be combined with other codes' },
    },
    summary: 'a pool of codes for journeys and the checkout, with the rules the checkout API enforces',
    details: [
      'e.g. journeys coupons create welcome-first-order "10% off" 30 FR,BE --percent 10 --min-order 30 --currency EUR',
      '     journeys coupons create summer "Summer tea" - --until 2027-08-31 --amount 5 --currency EUR --categories tea --uses-per-code 1000',
      '<valid days> counts from assignment; "-" for a pool of fixed dates (--until). No countries: everywhere.',
      'Again with the same <pool>: its rules are replaced; its codes and their uses stay.',
    ].join('\n'),
    run: async ({ args: [poolId, discount, days, countries], options }) =>
      (await coupons()).createPoolCommand(configured().config, {
        poolId: poolId!,
        discount: discount!,
        days: days!,
        countries,
        options,
      }),
  },
  {
    name: 'coupons generate',
    args: ['<pool>', '<count>', '[<prefix>]'],
    summary: 'unguessable single-use codes',
    run: async ({ args: [poolId, count, prefix] }) => (await coupons()).generateCodesCommand(configured().config, poolId!, count!, prefix),
  },
  {
    name: 'coupons add',
    args: ['<pool>', '<file>'],
    summary: "the shop's own codes, one per line",
    run: async ({ args: [poolId, file] }) => (await coupons()).addCodesCommand(configured().config, poolId!, file!),
  },
  {
    name: 'referrals link',
    args: ['<customer id>'],
    summary: "a customer's referral code and link (made the first time it is asked for)",
    run: async ({ args: [customerId] }) => (await referrals()).referralLinkCommand(configured().config, customerId!),
  },
  {
    name: 'loyalty show',
    args: ['<customer id>'],
    options: formatFlag,
    summary: "a customer's points balance, what expires when (oldest first), their tier and history",
    run: async ({ args: [customerId], options }) =>
      (await loyalty()).loyaltyShowCommand(configured().config, customerId!, formatOption(options)),
  },
  {
    name: 'referrals report',
    options: {
      since: { type: 'string', description: 'an ISO date (default: 12 months ago)' },
      format: { type: 'string', description: 'table (default), json or csv' },
    },
    summary: "the referral program's ROI per month and reward tier, from the shop's own data",
    run: async ({ options }) => {
      const since = typeof options.since === 'string' ? new Date(options.since) : new Date(Date.now() - 365 * 86_400_000);
      if (Number.isNaN(since.getTime()))
        throw new UsageError(`--since must be an ISO date such as 2026-01-01, not "${String(options.since)}"`);
      const format = options.format ?? 'table';
      if (format !== 'table' && format !== 'json' && format !== 'csv')
        throw new UsageError(`--format must be table, json or csv, not "${String(format)}"`);
      return (await referrals()).referralReportCommand(configured().config, { since, format });
    },
  },
  {
    name: 'analytics rebuild',
    summary: "empty the journey reports' tables and project journey-outcomes into them again",
    run: async () => (await reports()).rebuildAnalyticsCommand(configured()),
  },
  {
    name: 'report',
    args: ['<journey>'],
    options: {
      window: { type: 'string', description: 'entries of the last N days, e.g. 60d (default 30d)' },
      format: { type: 'string', description: 'table (default), json or csv' },
    },
    summary: 'what a journey earns: funnel, conversions, revenue, holdout lift with its significance, A/B readout',
    run: async ({ args: [journeyId], options }) => {
      const window = typeof options.window === 'string' ? parseShortDuration(options.window) : 30 * 86_400_000;
      if (window === null || window % 86_400_000 !== 0)
        throw new UsageError(`--window must be a number of days such as 60d, not "${String(options.window)}"`);
      const format = options.format ?? 'table';
      if (format !== 'table' && format !== 'json' && format !== 'csv')
        throw new UsageError(`--format must be table, json or csv, not "${String(format)}"`);
      const { journeyRegistry } = await import('../../workflows/registry.ts');
      const journey = journeyRegistry.find((candidate) => candidate.id === journeyId);
      if (!journey) throw new UsageError(`no journey "${journeyId}"; the journeys: ${journeyRegistry.map((known) => known.id).join(', ')}`);
      return (await reports()).reportCommand(configured().config, journey, { days: window / 86_400_000, format });
    },
  },
  {
    name: 'coupons refusals',
    options: { since: { type: 'string', description: 'an ISO time (default: the last 7 days)' } },
    summary: 'codes refused on orders, by reason, and the latest 20',
    run: async ({ options }) => {
      const since = typeof options.since === 'string' ? new Date(options.since) : new Date(Date.now() - 7 * 86_400_000);
      if (Number.isNaN(since.getTime()))
        throw new UsageError(`--since must be an ISO time such as 2026-12-01, not "${String(options.since)}"`);
      return (await coupons()).refusalsCommand(configured().config, since);
    },
  },
  {
    name: 'coupons status',
    args: ['<pool>'],
    summary: 'codes free, assigned, redeemed',
    run: async ({ args: [poolId] }) => (await coupons()).poolStatusCommand(configured().config, poolId!),
  },
  {
    name: 'metrics recompute',
    summary: 'RFM, latency and the purchase models over the whole base, now (the schedule does it nightly)',
    run: async () => (await metrics()).recomputeCommand(configured().config.databaseUrl),
  },
  {
    name: 'metrics fit',
    options: {
      csv: { type: 'string', description: 'per-customer summaries: customer,frequency,recency,T,monetary_value' },
      ...formatFlag,
      horizon: { type: 'string', description: "the prediction horizon, in the CSV's time unit (default 365)" },
      show: { type: 'string', description: 'how many customers to show predictions for (default 5)' },
    },
    summary: "BG/NBD and Gamma-Gamma fitted to an analyst's CSV: parameters, standard errors, predictions",
    details: 'e.g. journeys metrics fit --csv summary.csv --format json   (the layout lifetimes writes: days, weeks, any one unit)',
    run: async ({ options }) => {
      if (typeof options.csv !== 'string') throw new UsageError('--csv <file> is required');
      const format = formatOption(options);
      const count = (name: string, fallback: number) => {
        const value = options[name] === undefined ? fallback : Number(options[name]);
        if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number`);
        return value;
      };
      await (await metrics()).fitCommand({ csv: options.csv, format, horizon: count('horizon', 365), show: count('show', 5) });
    },
  },
];

await runCommandLine(commands, process.argv.slice(2));
