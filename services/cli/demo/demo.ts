/**
 * The demo: runs the product on the local stack and plays a cart-abandonment scenario and a
 * sign-up (the welcome series, with its holdout and A/B test) through the Segment-compatible
 * API, as a shop's backend would, then shows what happened; then a simulated store's
 * customers (services/cli/simulate/) until every journey has sent, and what each did. The web
 * console runs beside the product; its sign-in link is printed first.
 * Durations are scaled by JOURNEY_TIME_SCALE (infra/scaled-run.sh sets 1/2880: a day = 30 s).
 */
import { randomBytes } from 'node:crypto';
import { journeyWorkflowId } from '../../../schemas/names.ts';
import type { cartAbandonmentWorkflow } from '../../../workflows/journeys/cart-abandonment.ts';
import { welcome } from '../../../workflows/journeys/welcome.ts';
import { assignArm } from '../../../workflows/lib/assignment.ts';
import type { Config } from '../../platform/config.ts';
import type { Logger } from '../../platform/logger.ts';
import { processNames, startProduct } from '../../processes/composition-root.ts';
import { startConsole, type RunningConsole } from '../../processes/console/console.ts';
import { connectTemporal } from '../../platform/temporal/client.ts';
import { untilSignalled } from '../../platform/shutdown.ts';
import { createMailSinkClient } from './mail-sink-client.ts';
import { createSegmentClient, expectAccepted } from './segment-client.ts';
import { waitFor } from '../../platform/wait-for.ts';
import { createDb } from '../../platform/db/pool.ts';
import { formatMoney } from '../../../schemas/primitives.ts';
import { describeValue, importOrderHistory } from './customer-base.ts';
import { simulateAgainst } from '../simulate/run-simulation.ts';

/** Enough customers for every story, few enough for a demo of a few minutes. */
const SIMULATED_CUSTOMERS = 1000;

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runDemo(config: Config, logger: Logger, options: { exitAfterScenario: boolean }): Promise<void> {
  const product = await startProduct(config, logger.child({ demo: true }), processNames);
  const temporal = await connectTemporal(config.temporal);
  let webConsole: RunningConsole | undefined;
  try {
    // The console beside the product, signed in by a link: CONSOLE_TOKEN, or a token for this run.
    const consoleToken = config.console.token ?? randomBytes(24).toString('base64url');
    webConsole = await startConsole(config, logger.child({ demo: true }), { token: consoleToken });
    const consoleLink = `${webConsole.url}/?token=${consoleToken}`;
    say(`\nThe console (what each journey earns, who is in it, each customer): ${consoleLink}`);
    const writeKey = [...config.ingest.writeKeys][0] ?? '';
    const shop = createSegmentClient(product.ingestUrl!, writeKey);
    const inbox = createMailSinkClient(config.email.sinkInboxUrl);
    const run = Date.now().toString(36);
    const minutes = (real: number) => `${(real * 60 * config.journeys.timeScale).toFixed(0)} s`;
    const customers = [
      { id: `ada-${run}`, name: 'Ada', cart: `cart-${run}-1`, value: 129.9, consent: true, orders: false },
      { id: `ben-${run}`, name: 'Ben', cart: `cart-${run}-2`, value: 54.5, consent: true, orders: true },
      { id: `cleo-${run}`, name: 'Cleo', cart: `cart-${run}-3`, value: 89, consent: false, orders: false },
    ].map((customer) => ({ ...customer, email: `${customer.name.toLowerCase()}.${run}@example.com` }));

    say(`\nDemo run ${run}: three shoppers start a checkout and leave.`);
    say(
      `  Journey time runs ${Math.round(1 / config.journeys.timeScale)}x faster: the first reminder (30 min) comes after ${minutes(30)}, the second (24 h) after ${minutes(24 * 60)}.`,
    );
    for (const customer of customers) {
      await expectAccepted(
        shop.identify({ userId: customer.id, traits: { email: customer.email, firstName: customer.name, timezone: 'Europe/Paris' } }),
      );
      if (customer.consent) {
        await expectAccepted(
          shop.track({
            userId: customer.id,
            event: 'Consent Granted',
            properties: { channel: 'email', purpose: 'marketing', source: 'checkout-form' },
          }),
        );
      }
      await expectAccepted(
        shop.track({
          userId: customer.id,
          event: 'Checkout Started',
          properties: { cart_id: customer.cart, value: customer.value, currency: 'EUR' },
        }),
      );
      say(
        `  ${customer.name}: checkout of ${customer.cart} (EUR ${customer.value}), email consent ${customer.consent ? 'granted' : 'not given'}`,
      );
    }

    const [ada, ben, cleo] = customers as [(typeof customers)[number], (typeof customers)[number], (typeof customers)[number]];
    say('\nWaiting for the first reminders to reach the inbox...');
    for (const customer of [ada, ben]) {
      const email = await waitFor(() => inbox.to(customer.email).then((emails) => emails[0]), {
        timeoutMs: 120_000,
        what: `${customer.name}'s first reminder`,
      });
      say(`  ✉ ${customer.name} got "${email.subject}"`);
    }
    await expectAccepted(
      shop.track({
        userId: ben.id,
        event: 'Order Completed',
        properties: { order_id: `order-${run}`, cart_id: ben.cart, total: ben.value, currency: 'EUR' },
      }),
    );
    say(`  ${ben.name} completes the order: the journey exits at once, mid-wait.`);

    const benJourney = temporal.workflow.getHandle<typeof cartAbandonmentWorkflow>(journeyWorkflowId('cart-abandonment', ben.id, ben.cart));
    const benResult = await benJourney.result();
    say(
      `  ${ben.name}'s journey: ${benResult.outcome === 'exited' ? `exited (${benResult.reason})` : benResult.outcome} after ${benResult.sends.length} email`,
    );
    const cleoJourney = temporal.workflow.getHandle<typeof cartAbandonmentWorkflow>(
      journeyWorkflowId('cart-abandonment', cleo.id, cleo.cart),
    );
    await waitFor(async () => ((await cleoJourney.describe()).searchAttributes.JourneyStep?.[0] !== 'entered' ? true : undefined), {
      timeoutMs: 120_000,
      what: `${cleo.name}'s first step`,
    });
    say(`  ${cleo.name} never consented: ${(await inbox.to(cleo.email)).length} emails (the skip is in the journey's history).`);

    // A sign-up starts the welcome series; its holdout and A/B variant follow from the id alone.
    const dana = { id: `dana-${run}`, email: `dana.${run}@example.com` };
    await expectAccepted(shop.identify({ userId: dana.id, traits: { email: dana.email, firstName: 'Dana', timezone: 'Europe/Paris' } }));
    await expectAccepted(
      shop.track({
        userId: dana.id,
        event: 'Consent Granted',
        properties: { channel: 'email', purpose: 'marketing', source: 'sign-up-form' },
      }),
    );
    await expectAccepted(shop.track({ userId: dana.id, event: 'Signed Up', properties: { method: 'email' } }));
    const arm = assignArm(dana.id, welcome.id, welcome);
    say(`
Dana signs up: the welcome series puts her in the ${arm.holdout ? 'holdout (10%): she gets no messages, and each step is recorded' : `treated group, variant "${arm.variant}" of its second email`}.`);
    if (!arm.holdout) {
      const email = await waitFor(() => inbox.to(dana.email).then((emails) => emails[0]), { timeoutMs: 120_000, what: "Dana's welcome" });
      say(`  ✉ Dana got "${email.subject}"`);
    }

    // Knowing customers: the shop's past orders, then each shopper's RFM group and CLV.
    const db = createDb(config.databaseUrl);
    try {
      const currency = config.shopCurrency.code;
      await expectAccepted(
        shop.post('/v1/batch', {
          batch: [200, 40].map((daysAgo, k) => ({
            type: 'track',
            userId: ada.id,
            event: 'Order Completed',
            timestamp: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
            properties: { order_id: `order-${run}-ada-${k}`, total: 84.5, currency },
          })),
        }),
      );
      const imported = await importOrderHistory(shop, db, { run, customers: 300, currency });
      say(`
The shop's history: ${imported.customers} earlier customers' ${imported.orders} orders over the past year (and Ada's two), imported as Segment calls.`);
      const money = (minor: number) => formatMoney({ amount: minor, currency });
      for (const line of await describeValue(db, [ada, ben, cleo], money)) say(`  ${line}`);
    } finally {
      await db.end();
    }

    await simulateAgainst(product, config, logger, { customers: SIMULATED_CUSTOMERS, timeoutMs: 10 * 60_000 });

    say('\nWhere to look:');
    say(
      `  Temporal Web UI   ${config.temporal.webUiUrl}/namespaces/${config.temporal.namespace}/workflows?query=${encodeURIComponent(`CustomerId="${ada.id}"`)}`,
    );
    say(`  Console           ${consoleLink}`);
    say(`  Inbox (SMTP sink) ${config.email.sinkInboxUrl}`);
    say(`  Journeys          node bin/journeys.js journey list`);
    say(`  One customer      node bin/journeys.js customer show ${ada.id}`);
    say(`  Segments          node bin/journeys.js segments list`);
    say(`  A bigger store    npm run simulate -- --customers 5000`);
    say(`  Customer value    psql: select * from bi_rfm_groups;   node bin/journeys.js metrics recompute`);
    say(`  Temporal CLI      .local/temporal-cli-*/bin/temporal workflow list --query 'JourneyName="cart-abandonment"'`);
    if (options.exitAfterScenario) return;
    say(
      `\nThe product keeps running: ${ada.name}'s next reminders arrive after ${minutes(24 * 60)} and ${minutes(3 * 24 * 60)}. Ctrl-C to stop (the stack keeps running; infra/stack.sh down stops it).`,
    );
    await untilSignalled();
  } finally {
    await temporal.connection.close();
    await webConsole?.stop();
    await product.stop();
  }
}
