/**
 * A journey's analytics as its customers would leave them, for the journey reports and the
 * console: entries over the last days (a share held out, the treated split between A/B
 * variants), each step sent or skipped (the holdout's as `holdout`) at its time after entry,
 * clicks on sent messages, and orders within the attribution window from the customers who
 * convert, who then leave the journey. Outcomes go through the projection's own code, orders
 * and clicks into their tables. Seeded: the same spec writes the same story.
 */
import type { Channel } from '../../schemas/primitives.ts';
import { projectOutcome } from '../../services/platform/analytics/outcome-projection.ts';
import { seededRandom } from '../../services/platform/customer-value/simulate.ts';
import type { Db } from '../../services/platform/db/pool.ts';

const DAY = 86_400_000;

export interface JourneySeed {
  journeyId: string;
  /** Customer ids are `<prefix>-<n>`: unique per run, so the rows are the seed's alone. */
  prefix: string;
  customers: number;
  /** Entries spread over this many days before `now`. */
  days: number;
  holdoutShare: number;
  experiment?: { id: string; variants: string[] };
  steps: { step: string; channel: Channel; afterDays: number }[];
  /** Chance to order within the attribution window (7 days), per arm; a variant's multiplies the treated one. */
  conversion: { treated: number; holdout: number; variants?: Record<string, number> };
  /** Share of treated sends skipped, per reason. */
  skips: Record<string, number>;
  clickRate: number;
  /** Mean order value in the shop currency's major units (USD). */
  averageOrder: number;
  seed: number;
  now?: Date;
}

export interface SeededCustomer {
  customerId: string;
  workflowId: string;
  arm: 'treated' | 'holdout';
  variant?: string;
  enteredAt: Date;
  sent: { step: string; channel: Channel; at: Date }[];
  order?: { at: Date; amount: number };
}

/** Writes in parallel batches: the pool has ten connections. */
async function inBatches<T>(items: T[], write: (item: T) => Promise<unknown>, size = 10) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(write));
}

export async function seedJourney(db: Db, spec: JourneySeed): Promise<SeededCustomer[]> {
  const random = seededRandom(spec.seed);
  const now = (spec.now ?? new Date()).getTime();
  const customers: SeededCustomer[] = [];
  const outcomes: Parameters<typeof projectOutcome>[1][] = [];
  const clicks: { customerId: string; workflowId: string; step: string; channel: Channel; at: Date }[] = [];

  for (let n = 0; n < spec.customers; n += 1) {
    const customerId = `${spec.prefix}-${n}`;
    const workflowId = `journey/${spec.journeyId}/${customerId}/seed`;
    const enteredAt = now - random() * spec.days * DAY;
    const arm = random() < spec.holdoutShare ? 'holdout' : 'treated';
    const variants = spec.experiment?.variants ?? [];
    const variant = arm === 'treated' && variants.length > 0 ? variants[Math.floor(random() * variants.length)] : undefined;
    const chance =
      arm === 'holdout' ? spec.conversion.holdout : spec.conversion.treated * (variant ? (spec.conversion.variants?.[variant] ?? 1) : 1);
    const orderAt = random() < chance ? enteredAt + (0.05 + random() * 6.5) * DAY : null;
    const converted = orderAt !== null && orderAt < now;
    const customer: SeededCustomer = {
      customerId,
      workflowId,
      arm,
      ...(variant ? { variant } : {}),
      enteredAt: new Date(enteredAt),
      sent: [],
    };
    const outcome = (step: string, status: Parameters<typeof projectOutcome>[1]['status'], at: number, fields: object = {}) =>
      outcomes.push({
        outcomeId: `${workflowId}/${step}/${status}`,
        customerId,
        journeyId: spec.journeyId,
        workflowId,
        step,
        status,
        at: new Date(at).toISOString(),
        ...fields,
      });

    outcome('entry', 'entered', enteredAt, {
      arm,
      ...(variant && spec.experiment ? { experimentId: spec.experiment.id, variant } : {}),
    });
    let finished = true;
    for (const { step, channel, afterDays } of spec.steps) {
      const at = enteredAt + afterDays * DAY;
      if (at > now) {
        finished = false;
        break;
      }
      if (converted && orderAt < at) break;
      if (arm === 'holdout') {
        outcome(step, 'skipped', at, { channel, reason: 'holdout' });
        continue;
      }
      let draw = random();
      const skipped = Object.entries(spec.skips).find(([, share]) => (draw -= share) < 0)?.[0];
      if (skipped) {
        outcome(step, 'skipped', at, { channel, reason: skipped });
        continue;
      }
      outcome(step, 'sent', at, { channel });
      customer.sent.push({ step, channel, at: new Date(at) });
      const clickAt = at + random() * 0.5 * DAY;
      if (random() < spec.clickRate && clickAt < now && (!converted || clickAt < orderAt))
        clicks.push({ customerId, workflowId, step, channel, at: new Date(clickAt) });
    }
    if (converted) {
      outcome('end', 'exited', orderAt, { reason: 'converted' });
      customer.order = { at: new Date(orderAt), amount: Math.round(spec.averageOrder * (0.4 + random() * 1.2) * 100) };
    } else if (finished && enteredAt + ((spec.steps.at(-1)?.afterDays ?? 0) + 1) * DAY < now) {
      outcome('end', 'completed', enteredAt + ((spec.steps.at(-1)?.afterDays ?? 0) + 1) * DAY);
    }
    customers.push(customer);
  }

  await inBatches(outcomes, (outcome) => projectOutcome(db, outcome));
  await inBatches(clicks, (click) =>
    db.query(
      `insert into message_engagement (event_id, customer_id, journey_id, workflow_id, step, channel, kind, url, at)
       values ($1, $2, $3, $4, $5, $6, 'click', 'https://shop.example/', $7)`,
      [`${click.workflowId}/${click.step}/click`, click.customerId, spec.journeyId, click.workflowId, click.step, click.channel, click.at],
    ),
  );
  await inBatches(
    customers.filter((customer) => customer.order),
    (customer) =>
      db.query(
        `insert into orders (order_id, customer_id, status, total_amount, currency, refunded_amount, completed_at, updated_at)
         values ($1, $2, 'completed', $3, 'USD', 0, $4, $4)`,
        [`order-${customer.customerId}`, customer.customerId, customer.order!.amount, customer.order!.at],
      ),
  );
  return customers;
}
