/**
 * `npm run bench:journey-report`: the journey report (services/platform/analytics/) over
 * BENCH_OUTCOMES journey outcomes (1,000,000) of one journey in the last 30 days, in a
 * database of its own (dropped afterwards). Per entry: its 'entered', three send decisions
 * (sent, or skipped: holdout for 10% of customers, no-consent for some) and its end, so
 * 1,000,000 outcomes are 200,000 entries. Beside them: every customer's orders (a fifth order
 * in the month, more in the treated arm), refunds, clicks on a tenth of the sends, and as
 * many outcomes of another journey (indexes that hold more than the journey asked for).
 * Runs BENCH_RUNS times (5) after one warm-up and prints the median with the spread; the goal
 * is under 2 s. BENCH_KEEP_DATABASE=1 keeps the database (its URL printed) to study the plans.
 */
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../services/platform/config.ts';
import { journeyReport } from '../services/platform/analytics/journey-report.ts';
import { migrate } from '../services/platform/db/migrate.ts';
import { createDb, type Db } from '../services/platform/db/pool.ts';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { saveCurrencyRates } from '../services/processes/projector/customer-metrics.ts';
import { median, spread } from './stats.ts';

const outcomes = Number(process.env.BENCH_OUTCOMES ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const OUTCOMES_PER_ENTRY = 5;

/** A journey's entries over the last 30 days, with their send decisions, ends, clicks and orders. */
async function generate(db: Db, journeyId: string, entries: number) {
  const entry = `select i, '${journeyId}-c' || i as customer_id, 'journey/${journeyId}/c' || i || '/once' as workflow_id,
                        case when i % 10 = 0 then 'holdout' else 'treated' end as arm,
                        now() - interval '30 days' * ((i * 7919) % ${entries})::float8 / ${entries} as entered_at
                 from generate_series(1, ${entries}) as i`;
  await db.query(
    `insert into journey_entries (workflow_id, customer_id, journey_id, arm, variant, entered_at, ended, exit_reason, ended_at,
                                  current_step, current_step_at, credited_steps, credited_at)
     select workflow_id, customer_id, '${journeyId}', arm, case when arm = 'treated' then (array['a', 'b'])[1 + i % 2] end, entered_at,
            case when i % 3 = 0 then 'exited' else 'completed' end, case when i % 3 = 0 then 'converted' end,
            entered_at + interval '3 days', 'step-3', entered_at + interval '3 days',
            array['step-1', 'step-2', 'step-3'], array[entered_at, entered_at + interval '1 day', entered_at + interval '2 days']
     from (${entry}) e`,
  );
  await db.query(
    `insert into journey_step_outcomes (outcome_id, workflow_id, journey_id, customer_id, step, channel, status, reason, at, entered_at)
     select workflow_id || '/step-' || k, workflow_id, '${journeyId}', customer_id, 'step-' || k, 'email',
            case when arm = 'holdout' or i % 17 = 0 then 'skipped' else 'sent' end,
            case when arm = 'holdout' then 'holdout' when i % 17 = 0 then 'no-consent' end,
            entered_at + interval '1 day' * (k - 1), entered_at
     from (${entry}) e, generate_series(1, 3) as k`,
  );
  await db.query(
    `insert into message_engagement (event_id, customer_id, journey_id, workflow_id, step, channel, kind, url, at)
     select 'click-' || workflow_id, customer_id, '${journeyId}', workflow_id, 'step-1', 'email', 'click', 'https://shop.example/p', entered_at + interval '2 hours'
     from (${entry}) e where arm = 'treated' and i % 10 = 3`,
  );
  // Orders: one customer in five orders within the week of entering, one in four among the
  // treated (an effect to find); the other orders are months older; one in twenty is partly refunded.
  await db.query(
    `insert into orders (order_id, customer_id, status, total_amount, currency, refunded_amount, completed_at, updated_at)
     select customer_id || '-o' || k, customer_id, 'completed', 1000 + (i * 31) % 9000, 'USD',
            case when i % 20 = 0 then 500 else 0 end,
            case when k = 1 and (i * 37) % 100 < (case when arm = 'treated' then 25 else 20 end) then entered_at + interval '2 days'
                 else entered_at - interval '40 days' * k end, now()
     from (${entry}) e, generate_series(1, 2) as k`,
  );
}

const scratch = await createScratchDatabase(loadConfig().databaseUrl, 'journeys_bench_report');
const db = createDb(scratch.url);
try {
  await migrate(db);
  await saveCurrencyRates(db, { code: 'USD', rates: {} });
  const entries = Math.round(outcomes / OUTCOMES_PER_ENTRY);
  say(`generating ${outcomes.toLocaleString('en')} outcomes (${entries.toLocaleString('en')} entries), and as many of another journey`);
  const started = performance.now();
  await generate(db, 'bench-journey', entries);
  await generate(db, 'other-journey', entries);
  await db.query('vacuum analyze');
  say(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const timings: number[] = [];
  let last: Awaited<ReturnType<typeof journeyReport>> | undefined;
  for (let run = 0; run <= runs; run++) {
    const [load] = loadavg();
    const begun = performance.now();
    last = await journeyReport(db, { journeyId: 'bench-journey', days: 30 });
    const ms = performance.now() - begun;
    if (run > 0) timings.push(ms); // the first run warms the caches
    say(`run ${run === 0 ? 'warm-up' : run}: ${ms.toFixed(0)} ms (load average ${load!.toFixed(1)})`);
  }
  const [low, high] = spread(timings);
  const counted = (last!.funnel.entered * OUTCOMES_PER_ENTRY).toLocaleString('en');
  process.stdout.write(
    `journey report over ${counted} outcomes (${last!.funnel.entered.toLocaleString('en')} customers, ${last!.funnel.converted.toLocaleString('en')} converted): ` +
      `median ${median(timings).toFixed(0)} ms (${low.toFixed(0)}–${high.toFixed(0)}) over ${runs} runs; ${cpus().length} CPUs; goal < 2000 ms\n`,
  );
  process.stdout.write(`  ${last!.lift?.verdict}\n`);
} finally {
  await db.end();
  if (process.env.BENCH_KEEP_DATABASE === '1') say(`kept: ${scratch.url}`);
  else await scratch.drop();
}
