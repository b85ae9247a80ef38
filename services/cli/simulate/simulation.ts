/**
 * The store simulator: a few thousand customers of a tea shop, each living one story
 * (personas.ts), reported to the product through the ingest API as a shop's backend would:
 * the past imported with its dates, today's behaviour as it happens. Then what the night
 * would do (the value recompute and every segment decided), then the journeys run at the
 * worker's time scale, until each journey has sent at least once; then some customers follow
 * their emails' links and come back to order (returning-customers.ts). The report is the
 * message ledger's: per journey, customers decided for, sent, and skipped by reason.
 */
import { journeyRegistry } from '../../../workflows/registry.ts';
import { segmentRegistry } from '../../../segments/index.ts';
import { seededRandom } from '../../platform/customer-value/simulate.ts';
import { recomputeCustomerValue } from '../../platform/customer-value/recompute.ts';
import { requestApologies } from '../../platform/apologies/apology-requests.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { EventLogWriter } from '../../platform/kafka/customer-events.ts';
import { refreshAllSegments } from '../../platform/segments/refresh-all.ts';
import { windowsOpeningOn } from '../../platform/campaigns/holiday-windows.ts';
import { openWindow } from '../../platform/campaigns/window-openings.ts';
import { holidayCampaigns } from '../../../workflows/campaigns/index.ts';
import { waitFor } from '../../platform/wait-for.ts';
import { expectAccepted, type SegmentClient } from '../demo/segment-client.ts';
import type { MailSinkClient } from '../demo/mail-sink-client.ts';
import { stockCouponPools } from './coupon-pools.ts';
import { returningCustomers } from './returning-customers.ts';
import { stories, storyWeights, type SegmentCall, type StoryName } from './personas.ts';
import { daytimePlaces } from './places.ts';

export interface SimulationOptions {
  /** Makes the run's customer ids its own. */
  run: string;
  customers: number;
  currency: string;
  seed?: number;
  /** How long to wait for every journey to send (real time). */
  timeoutMs: number;
  say: (line: string) => void;
}

export interface JourneyOutcome {
  journeyId: string;
  /** Customers a step was decided for. */
  customers: number;
  sent: number;
  skipped: Record<string, number>;
}

/**
 * The broken message the simulation apologises for (the operators' "oops" recovery, on this
 * run's customers): a step its customers get alone, so the apology is not held by the caps.
 */
const OOPS = { journeyId: 'browse-abandonment', step: 'browse-reminder' } as const;

export async function simulateStore(
  deps: { shop: SegmentClient; db: Db; log: EventLogWriter; inbox: MailSinkClient },
  options: SimulationOptions,
) {
  const { run, say } = options;
  const started = new Date();
  const random = seededRandom(options.seed ?? 2026);
  const places = daytimePlaces(started);
  const prefix = `sim-${run}-`;
  const names = Object.keys(storyWeights) as StoryName[];
  const total = names.reduce((sum, name) => sum + storyWeights[name], 0);
  const drawStory = () => {
    let ticket = random() * total;
    for (const name of names) if ((ticket -= storyWeights[name]) < 0) return name;
    return names[0]!;
  };

  // Every story at least once, then drawn by weight.
  const drawn = [...names, ...Array.from({ length: Math.max(0, options.customers - names.length) }, drawStory)];
  const calls: SegmentCall[] = [];
  const counts: Partial<Record<StoryName, number>> = {};
  drawn.forEach((name, i) => {
    counts[name] = (counts[name] ?? 0) + 1;
    const place = places[Math.floor(random() * places.length)]!;
    calls.push(...stories[name]({ userId: `${prefix}${i}`, random, now: started.getTime(), place, currency: options.currency }));
  });
  say(`Simulating ${drawn.length} customers in ${[...new Set(places.map((place) => place.country))].join(', ')} (daytime there now):`);
  say(`  ${names.map((name) => `${counts[name] ?? 0} ${name}`).join(', ')}`);

  const pools = await stockCouponPools(deps.db, options.currency, drawn.length);
  say(`  coupon pools stocked as an operator would: ${pools.created} created, ${pools.added} codes added`);

  for (let i = 0; i < calls.length; i += 200) {
    await expectAccepted(deps.shop.post('/v1/batch', { batch: calls.slice(i, i + 200).map((call) => ({ ...call })) }));
  }
  say(`  ${calls.length} Segment calls sent (identify, track), the past with its own dates`);
  await waitFor(
    async () => {
      const { rows } = await deps.db.query<{ n: number }>(
        'select count(distinct customer_id)::int as n from events where customer_id like $1',
        [`${prefix}%`],
      );
      return rows[0]!.n >= drawn.length ? true : undefined;
    },
    { timeoutMs: 180_000, what: "the simulated customers' events in the event store" },
  );

  // What the nightly schedule does: RFM, latency and CLV for everyone, then every segment.
  const value = await recomputeCustomerValue(deps.db);
  const segments = await refreshAllSegments(deps.db, segmentRegistry);
  say(`  the night's work: ${value.customers} customers scored, ${segments.entered} segment entries, ${segments.exited} exits`);
  const inSeason = await openCampaignWindows(deps, started, new Set(places.map((place) => place.country)), say);

  // A holiday campaign sends only in its season: those whose window opens today or tomorrow where the run's customers live.
  const campaignIds = new Set(holidayCampaigns.map((campaign) => campaign.id));
  const expected = journeyRegistry.map((journey) => journey.id).filter((id) => !campaignIds.has(id) || inSeason.has(id));
  let apologised = false;
  await waitFor(
    async () => {
      const outcomes = await journeyOutcomes(deps.db, prefix);
      const sent = new Set(outcomes.filter((outcome) => outcome.sent > 0).map((outcome) => outcome.journeyId));
      // Once a cart reminder is out, an operator "finds it broken" and asks for apologies.
      if (!apologised && sent.has(OOPS.journeyId)) {
        apologised = true;
        // This run's customers only: a shared stack holds others who got the step meanwhile.
        const customerIds = drawn.map((_, i) => `${prefix}${i}`);
        const { customers } = await requestApologies(deps, { ...OOPS, sentSince: started, customerIds });
        say(`  an operator apologises for ${OOPS.journeyId} ${OOPS.step}: ${customers} customer(s) asked`);
      }
      return expected.every((journeyId) => sent.has(journeyId)) ? outcomes : undefined;
    },
    { timeoutMs: options.timeoutMs, what: 'every journey to send at least once' },
  ).catch(() => undefined);
  const returned = await returningCustomers(deps, { customerPrefix: prefix, currency: options.currency, random });
  say(`  customers came back: ${returned.clicked} followed a link in an email, ${returned.ordered} ordered`);
  const outcomes = await journeyOutcomes(deps.db, prefix);
  const { rows: handedOut } = await deps.db.query<{ pool_id: string; n: number }>(
    `select pool_id, count(*)::int as n from coupon_codes where assigned_to like $1 group by pool_id order by n desc, pool_id`,
    [`${prefix}%`],
  );
  return {
    customers: drawn.length,
    calls: calls.length,
    outcomes,
    /** Codes the journeys handed to this run's customers, by pool. */
    coupons: handedOut.map((row) => ({ poolId: row.pool_id, codes: row.n })),
    silent: expected.filter((id) => !outcomes.some((o) => o.journeyId === id && o.sent > 0)),
  };
}

/**
 * What the night opens, for today and tomorrow: each holiday campaign's windows that open
 * then (services/platform/campaigns/), for every customer where the holiday is kept. Returns
 * the campaigns opened where the run's customers live; the others are out of season.
 */
async function openCampaignWindows(
  deps: { db: Db; log: EventLogWriter },
  now: Date,
  countries: ReadonlySet<string>,
  say: (line: string) => void,
): Promise<Set<string>> {
  const opened = new Set<string>();
  const days = [0, 1].map((ahead) => new Date(now.getTime() + ahead * 86_400_000).toISOString().slice(0, 10));
  for (const campaign of holidayCampaigns) {
    const windows = days.flatMap((day) => windowsOpeningOn(campaign, day));
    for (const window of windows) {
      const customers = await openWindow(deps, window, now);
      say(`  ${campaign.id} opens in ${window.place} (holiday on ${window.holidayOn}): ${customers} customer(s)`);
      if (countries.has(window.place.slice(0, 2))) opened.add(campaign.id);
    }
    if (windows.length === 0) say(`  ${campaign.id}: out of season (no window opens today or tomorrow)`);
  }
  return opened;
}

/** Per journey, what the send gate decided for this run's customers, from the message ledger. */
export async function journeyOutcomes(db: Db, customerPrefix: string): Promise<JourneyOutcome[]> {
  const { rows } = await db.query<{ journey_id: string; status: string; reason: string | null; n: number; customers: number }>(
    `select journey_id, status, reason, count(*)::int as n, count(distinct customer_id)::int as customers
     from messages where customer_id like $1 group by journey_id, status, reason`,
    [`${customerPrefix}%`],
  );
  const byJourney = new Map<string, JourneyOutcome>();
  for (const journey of journeyRegistry) byJourney.set(journey.id, { journeyId: journey.id, customers: 0, sent: 0, skipped: {} });
  for (const row of rows) {
    const outcome = byJourney.get(row.journey_id);
    if (!outcome) continue;
    outcome.customers += row.customers;
    if (row.status === 'sent') outcome.sent += row.n;
    if (row.status === 'skipped') outcome.skipped[row.reason ?? 'unknown'] = (outcome.skipped[row.reason ?? 'unknown'] ?? 0) + row.n;
  }
  return [...byJourney.values()];
}

export function formatOutcomes(outcomes: JourneyOutcome[]): string[] {
  const width = Math.max(...outcomes.map((outcome) => outcome.journeyId.length));
  return outcomes.map((outcome) => {
    const skipped = Object.entries(outcome.skipped)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    return `  ${outcome.journeyId.padEnd(width)}  ${String(outcome.sent).padStart(4)} sent${skipped ? `, skipped: ${skipped}` : ''}`;
  });
}
