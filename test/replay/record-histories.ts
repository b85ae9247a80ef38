/**
 * `npm run histories:record`: runs each shipped workflow's scenarios on the time-skipping
 * test server with the real activities, and writes their event histories to
 * workflows/histories/. workflows/replay.test.ts replays every one of them against the
 * current code, so a change that would break customers already inside a journey fails CI.
 *
 * Record a journey's histories when it ships, and again (as new files) after each change
 * made with `patched()`; never delete the histories of a version customers may still be in.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { customerEventsSignal, customerValueRecomputeWorkflowType, getCustomerStateQuery, journeyWorkflowId } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { assignArm } from '../../workflows/lib/assignment.ts';
import type { AnyJourney } from '../../workflows/lib/journey-descriptor.ts';
import { localDateOf } from '../../services/platform/local-time.ts';
import { birthday } from '../../workflows/journeys/birthday.ts';
import { firstOrderAnniversary, signupAnniversary } from '../../workflows/journeys/anniversaries.ts';
import { reviewRequest } from '../../workflows/journeys/review-request.ts';
import { vipRecognition } from '../../workflows/journeys/vip-recognition.ts';
import { FIRST_ORDER_POOL, welcome } from '../../workflows/journeys/welcome.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { browseAbandonment } from '../../workflows/journeys/browse-abandonment.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes } from '../../services/platform/db/coupons.ts';
import { winBack } from '../../workflows/journeys/win-back.ts';
import { supportRecovery } from '../../workflows/journeys/support-recovery.ts';
import { oopsApology } from '../../workflows/journeys/oops-apology.ts';
import { awarenessCatalog } from '../../workflows/journeys/awareness-catalog.ts';
import { newCustomerBonus } from '../../workflows/journeys/new-customer-bonus.ts';
import { championsLetter } from '../../workflows/journeys/champions-letter.ts';
import { rePermission } from '../../workflows/journeys/re-permission.ts';
import { confirmSubscription } from '../../workflows/journeys/confirm-subscription.ts';
import { feteDesMeres } from '../../workflows/campaigns/index.ts';
import { loyaltyMilestone } from '../../workflows/journeys/loyalty-milestone.ts';
import { loyaltyPointsExpiry } from '../../workflows/journeys/loyalty-points-expiry.ts';
import { loyaltyTierAtRisk } from '../../workflows/journeys/loyalty-tier-at-risk.ts';
import { loyaltyTierUpgrade } from '../../workflows/journeys/loyalty-tier-upgrade.ts';
import { referralReward } from '../../workflows/journeys/referral-reward.ts';
import { REFERRAL_WELCOME_POOL, referralWelcome } from '../../workflows/journeys/referral-welcome.ts';
import { setJourneyEnabled } from '../../services/platform/db/journey-controls.ts';
import { saveCurrencyRates } from '../../services/processes/projector/customer-metrics.ts';
import { expiryWeekOf } from '../../schemas/loyalty.ts';
import { createShopper, customerEvent, entryRequestOf, project, uniqueId } from '../support/fixtures.ts';
import { config, startJourneyTestbed } from '../support/journey-testbed.ts';

const dir = fileURLToPath(new URL('../../workflows/histories/', import.meta.url));
const today = new Date().toISOString().slice(0, 10);
const bed = await startJourneyTestbed('record-histories', { ...config.sendPolicy, quietHours: null });

/** `npm run histories:record -- cart-abandonment`: only the workflows that changed. */
const only = process.argv.slice(2);

/** Writes the history, without the recording machine's name (workers identify as pid@host). */
async function write(name: string, handle: WorkflowHandle) {
  if (only.length > 0 && !only.some((prefix) => name.startsWith(prefix))) return;
  // Histories of earlier versions stay: customers may still be inside them.
  let file = `${dir}${name}.${today}.json`;
  for (let n = 2; existsSync(file); n += 1) file = `${dir}${name}.${today}.${n}.json`;
  const json = historyToJSON(await handle.fetchHistory()).replace(/"identity": "[^"]*"/g, '"identity": "histories-recorder"');
  writeFileSync(file, `${json}\n`);
  process.stderr.write(`[histories] wrote ${file}\n`);
}

async function save(name: string, handle: WorkflowHandle) {
  await handle.result();
  await write(name, handle);
}

/** A customer the journey puts on this side of its holdout. */
const customerOn = (journey: AnyJourney, holdout: boolean) => {
  for (;;) {
    const customerId = uniqueId('history');
    if (assignArm(customerId, journey.id, journey).holdout === holdout) return customerId;
  }
};

/** A customer the journey's experiment puts in this variant. */
const customerInVariant = (journey: AnyJourney, variant: string) => {
  for (;;) {
    const customerId = uniqueId('history');
    if (assignArm(customerId, journey.id, journey).variant === variant) return customerId;
  }
};

try {
  mkdirSync(dir, { recursive: true });

  const reminded = await createShopper(bed.db, { consent: true });
  await save('cart-abandonment.reminded', await bed.startCartAbandonment(reminded.customerId, 'cart-1'));

  // The third reminder's tested discount: a cart in the 'discount' arm, with codes in the pool.
  await createCouponPool(bed.db, { poolId: 'cart-comeback', discount: '10% off', validDays: 14, countries: null });
  await addCouponCodes(bed.db, 'cart-comeback', generateCouponCodes('HISTORY-CART-', 2));
  const discounted = customerInVariant(cartAbandonment, 'discount');
  await createShopper(bed.db, { consent: true, customerId: discounted });
  await save('cart-abandonment.discount', await bed.startCartAbandonment(discounted, 'cart-5'));

  const textsOnly = await createShopper(bed.db, { consent: true, channels: ['sms'] });
  await save('cart-abandonment.sms-fallback', await bed.startCartAbandonment(textsOnly.customerId, 'cart-4'));

  // A high-value cart: the postcard goes out, then the order cancels it.
  const converted = await createShopper(bed.db, { consent: true, channels: ['email', 'direct_mail'], withAddress: true });
  const cart = await bed.startCartAbandonment(converted.customerId, 'cart-2', { amount: 420_00, currency: 'USD' });
  await bed.env.sleep('30 hours');
  await cart.signal('journeyEvent', customerEvent(converted.customerId, 'Order Completed', { order_id: 'o-2', cart_id: 'cart-2' }));
  await save('cart-abandonment.postcard-cancelled', cart);

  // With first-order codes: the third email carries one, and a fourth reminds of it.
  await createCouponPool(bed.db, { poolId: FIRST_ORDER_POOL, discount: '10% off', validDays: 30, countries: null });
  await addCouponCodes(bed.db, FIRST_ORDER_POOL, generateCouponCodes('HISTORY-', 5));
  for (const holdout of [false, true]) {
    const customerId = customerOn(welcome, holdout);
    await createShopper(bed.db, { consent: true, customerId });
    const signedUp = customerEvent(customerId, 'Signed Up', { method: 'email' });
    await save(`welcome.${holdout ? 'holdout' : 'treated'}`, await bed.startJourney(welcome, customerId, 'once', signedUp));
  }

  const reviewer = await createShopper(bed.db, { consent: true });
  const delivered = customerEvent(reviewer.customerId, 'Order Delivered', { order_id: 'o-4' });
  await save('review-request.emailed', await bed.startJourney(reviewRequest, reviewer.customerId, 'entry-1', delivered));

  const vip = customerOn(vipRecognition, false);
  await createShopper(bed.db, { consent: true, customerId: vip });
  const enteredHighValue = customerEvent(vip, 'Segment Entered', { segment_id: 'high-value' });
  await save('vip-recognition.thanked', await bed.startJourney(vipRecognition, vip, 'entry-1', enteredHighValue));

  // A customer who never came back: both emails (no coupon pool here, so no offer) at the default latency.
  const lapsing = customerOn(winBack, false);
  await createShopper(bed.db, { consent: true, customerId: lapsing });
  // Placed now on the test server's clock (which earlier scenarios moved on): the journey times from the order.
  const lastOrder = {
    ...customerEvent(lapsing, 'Order Completed', { order_id: 'o-5' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  await save('win-back.emailed', await bed.startJourney(winBack, lapsing, 'o-5', lastOrder));

  const unhappy = await createShopper(bed.db, { consent: true });
  const complaint = customerEvent(unhappy.customerId, 'Complaint Filed', { complaint_id: 'c-6', order_id: 'o-6', severity: 'medium' });
  await save('support-recovery.apologised', await bed.startJourney(supportRecovery, unhappy.customerId, 'c-6', complaint));

  // A birthday ten days on: the email at 09:00 Paris time (no pool here, so no code). The run
  // goes on to next year's: its history so far is the recording.
  const celebrant = customerOn(birthday, false);
  /** A birthday trait ('--MM-DD') ten days on from the test server's clock, in Paris. */
  const birthdayInTenDays = async () => {
    const { month, day } = localDateOf(new Date((await bed.env.currentTimeMs()) + 10 * 86_400_000), 'Europe/Paris');
    return `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const birthDate = await birthdayInTenDays();
  await createShopper(bed.db, { consent: true, customerId: celebrant, birthday: birthDate });
  const identified = customerEvent(celebrant, 'Identify', { birthday: birthDate });
  const celebration = await bed.startJourney(birthday, celebrant, birthDate.slice(-5), identified);
  await bed.env.sleep('11 days');
  await write('birthday.emailed', celebration);
  await celebration.terminate('history recorded');

  // The same, told while the shop has the journey switched off: the customer enters, the
  // year's email is skipped as journey-disabled, and the run waits for next year's.
  await setJourneyEnabled(bed.db, birthday.id, false);
  const unlucky = customerOn(birthday, false);
  const unluckyDate = await birthdayInTenDays();
  await createShopper(bed.db, { consent: true, customerId: unlucky, birthday: unluckyDate });
  const toldWhileOff = customerEvent(unlucky, 'Identify', { birthday: unluckyDate });
  const whileOff = await bed.startJourney(birthday, unlucky, unluckyDate.slice(-5), toldWhileOff);
  await bed.env.sleep('11 days');
  await setJourneyEnabled(bed.db, birthday.id, true);
  await write('birthday.skipped-while-disabled', whileOff);
  await whileOff.terminate('history recorded');

  // A year after the sign-up and after the first order: the anniversary emails.
  for (const [journey, trigger, key] of [
    [signupAnniversary, 'Signed Up', 'account'],
    [firstOrderAnniversary, 'Order Completed', 'first-order'],
  ] as const) {
    const loyal = customerOn(journey, false);
    await createShopper(bed.db, { consent: true, customerId: loyal });
    const payload = trigger === 'Order Completed' ? { order_id: 'o-7' } : {};
    const event = { ...customerEvent(loyal, trigger, payload), occurredAt: new Date(await bed.env.currentTimeMs()).toISOString() };
    const run = await bed.startJourney(journey, loyal, key, event);
    await bed.env.sleep('367 days');
    await write(`${journey.id}.emailed`, run);
    await run.terminate('history recorded');
  }

  // An operator's apology for a broken reminder, dated on the test server's clock (which earlier scenarios moved on).
  const wronged = await createShopper(bed.db, { consent: true });
  const apologyRequested = {
    ...customerEvent(wronged.customerId, 'Apology Requested', { journey_id: 'cart-abandonment', step: 'reminder-1', channel: 'email' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  const brokenStep = 'cart-abandonment:reminder-1';
  await save('oops-apology.apologised', await bed.startJourney(oopsApology, wronged.customerId, brokenStep, apologyRequested));

  // A prospect with a postal address subscribes by post: the catalog postcard an hour later.
  const prospect = customerOn(awarenessCatalog, false);
  await createShopper(bed.db, { consent: true, customerId: prospect, channels: ['email', 'direct_mail'], withAddress: true });
  const subscribed = customerEvent(prospect, 'Consent Granted', { channel: 'direct_mail', purpose: 'marketing' });
  await save('awareness-catalog.mailed', await bed.startJourney(awarenessCatalog, prospect, 'once', subscribed));

  // A first order of 120 EUR: the bonus postcard two days on (no pool here, so no code); then
  // one whose order is refunded inside the piece's cancellation window.
  for (const refunded of [false, true]) {
    const buyer = customerOn(newCustomerBonus, false);
    await createShopper(bed.db, { consent: true, customerId: buyer, channels: ['email', 'direct_mail'], withAddress: true });
    const firstOrder = customerEvent(buyer, 'Order Completed', {
      order_id: `o-b${Number(refunded)}`,
      total: { amount: 120_00, currency: 'EUR' },
    });
    await project(bed.db, firstOrder);
    const bonus = await bed.startJourney(newCustomerBonus, buyer, 'once', firstOrder);
    if (refunded) {
      await bed.env.sleep('54 hours');
      await bonus.signal('journeyEvent', customerEvent(buyer, 'Order Refunded', { order_id: 'o-b1' }));
    }
    await save(`new-customer-bonus.${refunded ? 'postcard-cancelled' : 'mailed'}`, bonus);
  }

  const champion = customerOn(championsLetter, false);
  await createShopper(bed.db, { consent: true, customerId: champion, channels: ['email', 'direct_mail'], withAddress: true });
  const enteredChampions = customerEvent(champion, 'Segment Entered', { segment_id: 'rfm-champions' });
  await save('champions-letter.mailed', await bed.startJourney(championsLetter, champion, 'entry-1', enteredChampions));

  // A customer who viewed a teapot twice (on the test server's clock): the email 4 hours later lists it.
  const browsing = customerOn(browseAbandonment, false);
  await createShopper(bed.db, { consent: true, customerId: browsing });
  const viewedAt = new Date(await bed.env.currentTimeMs()).toISOString();
  const view = () => ({ ...customerEvent(browsing, 'Product Viewed', { product_id: 'teapot-1', name: 'Teapot' }), occurredAt: viewedAt });
  await project(bed.db, view(), view());
  const interested = { ...customerEvent(browsing, 'Segment Entered', { segment_id: 'browse-abandoners' }), occurredAt: viewedAt };
  await save('browse-abandonment.emailed', await bed.startJourney(browseAbandonment, browsing, 'entry-1', interested));

  // An email subscriber asked to renew 30 and 7 days before the lapse, who never does: at the
  // lapse the grant is written off (or left, when the shopper's stored grant is another). Dated
  // on the test server's clock, which earlier scenarios moved on.
  const subscriber = await createShopper(bed.db, { consent: true });
  const granted = {
    ...customerEvent(subscriber.customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  const renewalKey = `email:${granted.eventId}`;
  await save('re-permission.asked', await bed.startJourney(rePermission, subscriber.customerId, renewalKey, granted));

  // A German subscriber (double opt-in by default there) who never clicks: the confirmation
  // request at once, the reminder 3 days later. Dated on the test server's clock.
  const german = await createShopper(bed.db, { consent: false });
  await project(bed.db, customerEvent(german.customerId, 'Identify', { country: 'DE' }));
  const germanGrant = {
    ...customerEvent(german.customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  await project(bed.db, germanGrant);
  await save(
    'confirm-subscription.reminded',
    await bed.startJourney(confirmSubscription, german.customerId, germanGrant.eventId, germanGrant),
  );

  // A fête des mères window opening in three days for a customer in France, dated on the test
  // server's clock: the offer at 10:00 Paris time that day (no pool here, so no code).
  const mother = customerOn(feteDesMeres.journey, false);
  await createShopper(bed.db, { consent: true, customerId: mother });
  await project(bed.db, customerEvent(mother, 'Identify', { country: 'FR' }));
  const campaignNow = await bed.env.currentTimeMs();
  const parisDay = (days: number) => {
    const { year, month, day } = localDateOf(new Date(campaignNow + days * 86_400_000), 'Europe/Paris');
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const holidayOn = parisDay(3 + feteDesMeres.opensDaysBefore);
  const windowOpened = {
    ...customerEvent(mother, 'Campaign Window Opened', {
      campaign_id: feteDesMeres.id,
      occurrence: holidayOn.slice(0, 4),
      place: 'FR',
      holiday_on: holidayOn,
      opens_on: parisDay(3),
    }),
    occurredAt: new Date(campaignNow).toISOString(),
  };
  await save('fete-des-meres.offered', await bed.startJourney(feteDesMeres.journey, mother, holidayOn.slice(0, 4), windowOpened));

  // The window of a holiday five days ahead, caught up two days after it opened (a night the
  // schedule missed): the offer at the next 10:00 Paris time, before the holiday.
  const lateMother = customerOn(feteDesMeres.journey, false);
  await createShopper(bed.db, { consent: true, customerId: lateMother });
  await project(bed.db, customerEvent(lateMother, 'Identify', { country: 'FR' }));
  const lateNow = await bed.env.currentTimeMs();
  const lateDay = (days: number) => parisDay((lateNow - campaignNow) / 86_400_000 + days);
  const lateHolidayOn = lateDay(feteDesMeres.opensDaysBefore - 2);
  const openedLate = {
    ...customerEvent(lateMother, 'Campaign Window Opened', {
      campaign_id: feteDesMeres.id,
      occurrence: lateHolidayOn.slice(0, 4),
      place: 'FR',
      holiday_on: lateHolidayOn,
      opens_on: lateDay(-2),
    }),
    occurredAt: new Date(lateNow).toISOString(),
  };
  await save('fete-des-meres.opened-late', await bed.startJourney(feteDesMeres.journey, lateMother, lateHolidayOn.slice(0, 4), openedLate));

  // Loyalty, dated on the test server's clock. A member with 1,600 points earned now (a
  // shop's bonus, so the ledger holds it as its own lot, and judges them silver): reminded by
  // email and card 30 days before the points expire, by email 7 days before.
  const saver = customerOn(loyaltyPointsExpiry, false);
  await createShopper(bed.db, { consent: true, channels: ['email', 'direct_mail'], withAddress: true, customerId: saver });
  const loyaltyNow = await bed.env.currentTimeMs();
  const earned = {
    ...customerEvent(saver, 'Loyalty Points Earned', {
      points: 1600,
      reason: 'bonus',
      expires_at: new Date(loyaltyNow + 365 * 86_400_000).toISOString(),
    }),
    occurredAt: new Date(loyaltyNow).toISOString(),
  };
  await project(bed.db, earned);
  await save(
    'loyalty-points-expiry.reminded',
    await bed.startJourney(loyaltyPointsExpiry, saver, expiryWeekOf(earned.payload.expires_at as string), earned),
  );

  // A member who buys every week: the week after's run finds its points announced by the
  // first week's reminders (sent), so records its emails and card as covered.
  const weekly = customerOn(loyaltyPointsExpiry, false);
  await createShopper(bed.db, { consent: true, channels: ['email', 'direct_mail'], withAddress: true, customerId: weekly });
  const weeklyNow = await bed.env.currentTimeMs();
  const weeklyEarnings = [0, 7].map((days) => ({
    ...customerEvent(weekly, 'Loyalty Points Earned', {
      points: 800,
      reason: 'bonus',
      expires_at: new Date(weeklyNow + (365 + days) * 86_400_000).toISOString(),
    }),
    occurredAt: new Date(weeklyNow).toISOString(),
  }));
  const weeklyRuns = [];
  for (const earning of weeklyEarnings) {
    await project(bed.db, earning);
    weeklyRuns.push(await bed.startJourney(loyaltyPointsExpiry, weekly, expiryWeekOf(earning.payload.expires_at as string), earning));
  }
  await save('loyalty-points-expiry.covered', weeklyRuns[1]!);
  await weeklyRuns[0]!.result();

  // Their milestone, their tier welcomed (gold, so by post too), and the tier at risk: warned
  // 30 days before the 12 months of their points run out, then lapsed.
  const reached = customerEvent(saver, 'Loyalty Milestone Reached', { milestone: 1000, lifetime_points: 1600 });
  await save('loyalty-milestone.rewarded', await bed.startJourney(loyaltyMilestone, saver, '1000', reached));
  const golden = customerEvent(saver, 'Loyalty Tier Changed', {
    tier: 'gold',
    previous_tier: null,
    direction: 'up',
    basis: 'points',
    qualifying: 5000,
  });
  await save('loyalty-tier-upgrade.welcomed', await bed.startJourney(loyaltyTierUpgrade, saver, golden.eventId, golden));
  const atRisk = customerOn(loyaltyTierAtRisk, false);
  await createShopper(bed.db, { consent: true, customerId: atRisk });
  const silverNow = await bed.env.currentTimeMs();
  await project(bed.db, {
    ...customerEvent(atRisk, 'Loyalty Points Earned', { points: 1600, reason: 'bonus' }),
    occurredAt: new Date(silverNow).toISOString(),
  });
  const silver = {
    ...customerEvent(atRisk, 'Loyalty Tier Changed', {
      tier: 'silver',
      previous_tier: null,
      direction: 'up',
      basis: 'points',
      qualifying: 1600,
    }),
    occurredAt: new Date(silverNow).toISOString(),
  };
  await save('loyalty-tier-at-risk.warned', await bed.startJourney(loyaltyTierAtRisk, atRisk, silver.eventId, silver));

  // A friend who signs up through a referral: the welcome code at once, then a first order of
  // 50.00 in the shop's currency five days on, which rewards the referrer (the program's decision, on Postgres).
  await createCouponPool(bed.db, { poolId: REFERRAL_WELCOME_POOL, discount: '10% off', validDays: 30, countries: null });
  await addCouponCodes(bed.db, REFERRAL_WELCOME_POOL, generateCouponCodes('HISTORY-FRIEND-', 2));
  const referrer = await createShopper(bed.db, { consent: true });
  const referee = await createShopper(bed.db, { consent: true });
  const referralId = uniqueId('referral');
  const referralAccepted = customerEvent(referee.customerId, 'Referral Accepted', {
    referral_id: referralId,
    referrer_id: referrer.customerId,
  });
  const referred = await bed.startJourney(referralWelcome, referee.customerId, 'once', referralAccepted);
  await bed.env.sleep('5 days');
  const refereeOrderId = uniqueId('order');
  const refereeOrder = customerEvent(referee.customerId, 'Order Completed', {
    order_id: refereeOrderId,
    total: { amount: 5000, currency: config.shopCurrency.code },
  });
  await saveCurrencyRates(bed.db, config.shopCurrency);
  await project(bed.db, refereeOrder);
  await referred.signal('journeyEvent', refereeOrder);
  await save('referral-welcome.rewarded', referred);

  // The referrer's reward: a code from their tier's pool and the thank-you.
  await createCouponPool(bed.db, { poolId: 'referral-reward', discount: '15 EUR off', validDays: 60, countries: null });
  await addCouponCodes(bed.db, 'referral-reward', generateCouponCodes('HISTORY-REFERRER-', 2));
  const rewarded = customerEvent(referrer.customerId, 'Referral Rewarded', {
    referral_id: referralId,
    referee_id: referee.customerId,
    order_id: refereeOrderId,
    referral_number: 1,
    tier: 'friend',
    reward_pool: 'referral-reward',
  });
  await save('referral-reward.thanked', await bed.startJourney(referralReward, referrer.customerId, referee.customerId, rewarded));

  // The nightly maintenance: tomorrow's campaign windows, the recompute, the segments.
  const nightly = await bed.env.client.workflow.start(customerValueRecomputeWorkflowType, {
    taskQueue: bed.taskQueue,
    workflowId: uniqueId('customer-value-recompute'),
  });
  await nightly.result();
  await write('customer-value-recompute.nightly', nightly);

  // The customer workflow: events, a journey started as a child, an exit forwarded to it.
  const shopper = await createShopper(bed.db, { consent: true });
  const customer = await bed.signalCustomer(shopper.customerId, [
    customerEvent(shopper.customerId, 'Identify', { firstName: 'Test' }),
    customerEvent(shopper.customerId, 'Checkout Started', { cart_id: 'cart-3', value: { amount: 5000, currency: 'EUR' } }),
  ]);
  await bed.env.sleep('2 hours');
  await customer.signal(customerEventsSignal, [
    customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-3', cart_id: 'cart-3' }),
  ]);
  await bed.env.sleep('1 hour');
  // The journey as a child of the customer workflow, which it tells of its end. Not through
  // result(): awaiting a result lets the time-skipping server skip ahead to the customer
  // workflow's time-out, and its history would end there.
  const child = bed.env.client.workflow.getHandle(journeyWorkflowId('cart-abandonment', shopper.customerId, 'cart-3'));
  await waitFor(async () => ((await child.describe()).status.name === 'COMPLETED' ? true : undefined), {
    timeoutMs: 15_000,
    what: 'the journey to end',
  });
  await write('cart-abandonment.child-converted', child);
  // The customer workflow never ends: its history so far is the recording.
  await customer.terminate('history recorded');
  await write('customer.events-and-journey', customer);

  // An operator's backfill: a customer's sign-up from before signup-anniversary shipped, offered to it.
  const longStanding = await createShopper(bed.db, { consent: true });
  const signedUpLongAgo = { ...customerEvent(longStanding.customerId, 'Signed Up', {}), occurredAt: '2023-03-01T08:30:00.000Z' };
  const backfilled = await bed.signalCustomer(longStanding.customerId, [entryRequestOf(signupAnniversary.id, signedUpLongAgo)]);
  await waitFor(async () => ((await backfilled.query(getCustomerStateQuery)).activeJourneys.length > 0 ? true : undefined), {
    timeoutMs: 15_000,
    what: 'the anniversary entered',
  });
  await backfilled.terminate('history recorded');
  await write('customer.backfilled', backfilled);
} finally {
  await bed.stop();
}
