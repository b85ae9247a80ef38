/**
 * The send gate: every message of every channel passes it, in this order, at send time:
 *   0. the message ledger, read: a step decided before (an activity retry, a workflow
 *      replay) gets the same answer and is never sent again;
 *   1. the operators' kill switch: paused holds the send, stopped ends the journey; then the
 *      journey's own reasons to record the step without sending it (an earlier reminder
 *      covered it, the holdout);
 *   2. consent for the channel and purpose, as of now, and an address on the channel;
 *   3. frequency caps and quiet hours: a send that may not go now is deferred to the time
 *      it may (the journey waits on a durable timer), or skipped if that is past its
 *      deadline; otherwise the step is reserved in the ledger under its idempotency key,
 *      in the same transaction, before the provider is called, so a crash after the
 *      provider accepted cannot send twice;
 *   4. the provider call (with the same key, for providers that accept one), then the
 *      ledger update; every decision is also published to `journey-outcomes`.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { JourneyOutcome, SkipReason } from '../schemas/outcomes.ts';
import type { Channel, Purpose } from '../schemas/primitives.ts';
import {
  customerIdNow,
  findCustomer,
  hasConsent,
  inBottom20,
  subscriptionPending,
  type CustomerProfile,
} from '../services/platform/db/customers.ts';
import { journeyControls, journeyState } from '../services/platform/db/journey-controls.ts';
import {
  completeMessage,
  findMessage,
  idempotencyKeyOf,
  lockCustomerChannel,
  type Accepted,
  recentSendTimes,
  recordMessage,
  releaseMessage,
  type LedgerEntry,
  type NewEntry,
} from '../services/platform/db/message-ledger.ts';
import { inTransaction, type Db } from '../services/platform/db/pool.ts';
import type { OutcomePublisher } from '../services/platform/kafka/journey-outcomes.ts';
import { ProviderError } from '../services/platform/provider-error.ts';
import { deferral, sendHistoryWindowMs, type Deferral, type SendPolicy } from '../services/platform/send-policy/send-policy.ts';
import type { SendOutcome } from '../schemas/journey.ts';
import type { ChannelSpec } from './channels/channel-spec.ts';
import { failureTypes } from './failure-types.ts';

/** What every send activity's request carries, whatever the channel. */
export interface StepRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  /** The journey's clock when it asked (ISO): caps and quiet hours are judged from here. */
  at: string;
  /** Past this (ISO), the message is pointless: a send that could only go later is skipped. */
  deadline?: string;
  /** The customer is in the journey's holdout: the step is recorded as skipped, never sent. */
  holdout?: boolean;
  /**
   * An earlier message told the customer all this one would (another run's points-expiry
   * reminder announced these points): recorded as skipped 'covered-by-earlier-reminder',
   * never sent, for the holdout too (their earlier reminder was recorded for them likewise).
   */
  covered?: boolean;
  /**
   * The journey stays running while the shop has it switched off (`onDisable: 'skip-sends'`):
   * while it is off, its steps are skipped as 'journey-disabled' (and its coupons not drawn).
   */
  skipWhileDisabled?: boolean;
  /**
   * What the message is for, when not the channel's usual purpose (marketing): a
   * transactional message (a confirmation link, a receipt) needs transactional consent and
   * is never capped, held to quiet hours or suppressed for low value.
   */
  purpose?: Purpose;
  /**
   * The message asks the customer to confirm their pending subscription on this channel (the
   * double opt-in request, transactional): see `consentNow`.
   */
  confirmsSubscription?: boolean;
  /**
   * The shop owes the customer this message (a referral reward they earned): marketing, so
   * consent, caps and quiet hours apply, but not the low-value suppression, a rule about what
   * marketing is worth spending on a customer, not about keeping the shop's word.
   */
  promised?: boolean;
}

export type GateRequest = StepRequest & Pick<ChannelSpec, 'channel' | 'purpose'>;

export interface ChannelAdapter<Address> extends ChannelSpec<Channel, Address> {
  /** False when this deployment has no provider for the channel: the step is skipped as 'channel-off'. */
  configured?: boolean;
  /**
   * True when the provider honours the idempotency key (a repeat returns the first
   * message): a step an interrupted attempt left reserved is then sent again with the same
   * key, instead of being given up as possibly sent.
   */
  idempotent?: boolean;
  /** Calls the provider with the step's idempotency key; throws ProviderError. */
  send(message: { address: Address; profile: CustomerProfile; idempotencyKey: string }): Promise<Accepted>;
}

export interface GateDeps {
  db: Db;
  outcomes: OutcomePublisher;
  policy: SendPolicy;
}

function outcomeOf(entry: LedgerEntry): SendOutcome {
  const { channel, step } = entry;
  switch (entry.status) {
    case 'sent':
      return {
        status: 'sent',
        channel,
        step,
        providerMessageId: entry.providerMessageId ?? '',
        ...(entry.cost ? { cost: entry.cost } : {}),
      };
    case 'skipped':
      return { status: 'skipped', channel, step, reason: entry.reason as SkipReason };
    case 'failed':
      return { status: 'failed', channel, step, reason: entry.reason ?? 'unknown' };
    case 'sending':
      return { status: 'skipped', channel, step, reason: 'possibly-sent' };
    case 'cancelled':
      return { status: 'cancelled', channel, step };
  }
}

/**
 * When a step is decided: the later of the journey's clock and ours. An activity retried
 * later is judged at its own time; on the time-skipping test server the journey's clock is
 * ahead of ours.
 */
export const decisionTime = (request: Pick<StepRequest, 'at'>) => new Date(Math.max(Date.parse(request.at), Date.now()));

/** One id per decision about a step: a deferral (per time) and a cancellation follow the first. */
export function outcomeIdOf(idempotencyKey: string, outcome: Exclude<SendOutcome, { status: 'held' }>): string {
  if (outcome.status === 'deferred') return `${idempotencyKey}/deferred/${outcome.until}`;
  if (outcome.status === 'cancelled') return `${idempotencyKey}/cancelled`;
  return idempotencyKey;
}

export function toPublished(request: GateRequest, outcomeId: string, outcome: Exclude<SendOutcome, { status: 'held' }>): JourneyOutcome {
  const { customerId, journeyId, workflowId, step, channel } = request;
  const detail =
    outcome.status === 'sent'
      ? { providerMessageId: outcome.providerMessageId, ...(outcome.cost ? { cost: outcome.cost } : {}) }
      : outcome.status === 'deferred'
        ? { reason: outcome.reason, deferredUntil: outcome.until }
        : outcome.status === 'cancelled'
          ? {}
          : { reason: outcome.reason };
  return { outcomeId, customerId, journeyId, workflowId, step, channel, status: outcome.status, ...detail, at: new Date().toISOString() };
}

/**
 * Consent for this send, as of now. A double opt-in request goes to a brand-new subscriber,
 * who often has no transactional consent on the channel yet: they asked for this one message
 * by subscribing, so while their subscription waits for it, it needs none. It is the only
 * transactional message that may: once the subscription is confirmed, revoked or replaced,
 * it needs transactional consent like any other.
 */
async function consentNow(db: Db, customerId: string, request: GateRequest, policy: SendPolicy): Promise<boolean> {
  // Marketing consent lapses (re-permission): a grant past its lapse stops marketing, written off or not.
  // By the wall clock, as the consent rows are (a journey's clock runs ahead only in time-skipping tests).
  const lapse = request.purpose === 'marketing' ? { months: policy.consentLapseMonths, at: new Date() } : undefined;
  if (await hasConsent(db, customerId, request.channel, request.purpose, lapse)) return true;
  if (request.purpose !== 'transactional' || request.confirmsSubscription !== true) return false;
  return subscriptionPending(db, customerId, request.channel);
}

export async function throughGate<Address>(
  deps: GateDeps,
  stepRequest: StepRequest,
  channel: ChannelAdapter<Address>,
): Promise<SendOutcome> {
  const { db } = deps;
  // A journey started for an anonymous visitor who has since logged in sends to the person.
  const customerId = await customerIdNow(db, stepRequest.customerId);
  const request: GateRequest = { ...stepRequest, customerId, channel: channel.channel, purpose: stepRequest.purpose ?? channel.purpose };
  const { step } = request;
  const entry: NewEntry = { ...request, idempotencyKey: idempotencyKeyOf(request.workflowId, step) };
  const now = decisionTime(request);
  const pastDeadline = (time: Date) => request.deadline !== undefined && time.getTime() > Date.parse(request.deadline);

  const publish = async (outcome: SendOutcome) => {
    if (outcome.status === 'held') return outcome;
    const outcomeId = outcomeIdOf(entry.idempotencyKey, outcome);
    await deps.outcomes.publish(toPublished(request, outcomeId, outcome));
    return outcome;
  };
  const skip = async (reason: SkipReason) => {
    const earlier = await recordMessage(db, entry, { status: 'skipped', reason });
    return publish(earlier ? outcomeOf(earlier) : { status: 'skipped', channel: request.channel, step, reason });
  };

  // 0. Decided before: the same answer again (re-published: the outcome id makes it recognisable).
  const earlier = await findMessage(db, entry.idempotencyKey);
  if (earlier?.status === 'sending' && channel.idempotent) return resend(earlier);
  if (earlier) return publish(outcomeOf(earlier));

  // 1. Kill switch. A journey paused past the step's deadline skips it rather than hold on.
  const { state, enabled } = await journeyControls(db, request.journeyId);
  if (state === 'stopped') return skip('journey-stopped');
  if (state === 'paused') return pastDeadline(now) ? skip('past-deadline') : { status: 'held', channel: request.channel, step };
  if (request.skipWhileDisabled && !enabled) return skip('journey-disabled');

  if (request.covered) return skip('covered-by-earlier-reminder');
  // The holdout goes through the journey's timeline (pauses and stops included); its steps are recorded, not sent.
  if (request.holdout) return skip('holdout');

  // The practice stops marketing to the bottom 20% by RFM (as of the last recompute).
  if (request.purpose === 'marketing' && !request.promised && deps.policy.suppressBottom20 && (await inBottom20(db, customerId))) {
    return skip('low-value-suppressed');
  }

  // 2. Consent as of now, and somewhere to send to.
  if (!(await consentNow(db, customerId, request, deps.policy))) return skip('no-consent');
  if (channel.configured === false) return skip('channel-off');
  const profile = await findCustomer(db, customerId);
  const address = profile && (await channel.addressOf(profile, db));
  if (!profile || address === null) return skip('no-address');

  // 3. Caps and quiet hours, then the reservation, under one lock per customer and channel.
  const verdict = await inTransaction(db, async (client): Promise<{ wait: Deferral } | { raced: LedgerEntry | null }> => {
    if (request.purpose === 'marketing') {
      await lockCustomerChannel(client, customerId, request.channel);
      const since = new Date(now.getTime() - sendHistoryWindowMs(deps.policy, request.channel));
      const sendTimes = await recentSendTimes(client, customerId, request.channel, since);
      const wait = deferral(deps.policy, { channel: request.channel, at: now, sendTimes, timeZone: profile.timeZone });
      if (wait) return { wait };
    }
    return { raced: await recordMessage(client, entry, { status: 'sending', sentAt: now }) };
  });
  if ('wait' in verdict) {
    if (pastDeadline(verdict.wait.until)) return skip('past-deadline');
    return publish({
      status: 'deferred',
      channel: request.channel,
      step,
      reason: verdict.wait.reason,
      until: verdict.wait.until.toISOString(),
    });
  }
  if (verdict.raced) return publish(outcomeOf(verdict.raced)); // another attempt got there first

  // 4. The provider, then the ledger.
  return callProvider(address, profile);

  async function callProvider(address: Address, profile: CustomerProfile): Promise<SendOutcome> {
    try {
      const accepted = await channel.send({ address, profile, idempotencyKey: entry.idempotencyKey });
      await completeMessage(db, entry.idempotencyKey, { status: 'sent', ...accepted });
      return publish({
        status: 'sent',
        channel: request.channel,
        step,
        providerMessageId: accepted.providerMessageId,
        ...(accepted.cost ? { cost: accepted.cost } : {}),
      });
    } catch (error) {
      // The row stays 'sending': never sent again, or, to a provider that honours the key, asked for again with it.
      if (!(error instanceof ProviderError) || error.kind === 'unknown') throw error;
      if (error.kind === 'rejected') {
        await completeMessage(db, entry.idempotencyKey, { status: 'failed', reason: error.message });
        return publish({ status: 'failed', channel: request.channel, step, reason: error.message });
      }
      // Certainly not accepted: release the reservation so that the retry may send.
      await releaseMessage(db, entry.idempotencyKey);
      throw ApplicationFailure.create({ type: failureTypes.providerUnavailable, message: error.message, cause: error });
    }
  }

  /**
   * The reserved step again, to a provider that returns the first message for a repeated
   * key. The interrupted attempt may never have reached it, so the step must still be
   * allowed now: otherwise it is left as it is, possibly sent.
   */
  async function resend(reserved: LedgerEntry): Promise<SendOutcome> {
    const state = await journeyState(db, request.journeyId);
    if (state === 'paused' && !pastDeadline(now)) return { status: 'held', channel: request.channel, step };
    const profile = await findCustomer(db, customerId);
    const address = profile && (await channel.addressOf(profile, db));
    const allowed = state === 'active' && !request.holdout && (await consentNow(db, customerId, request, deps.policy));
    if (!allowed || !profile || address === null) return publish(outcomeOf(reserved));
    return callProvider(address, profile);
  }
}
