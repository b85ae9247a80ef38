/**
 * The send gate: every message of every channel passes it, in this order, at send time:
 *   0. the message ledger, read: a step decided before (an activity retry, a workflow
 *      replay) gets the same answer and is never sent again;
 *   1. the operators' kill switch: paused holds the send, stopped ends the journey;
 *   2. consent for the channel and purpose, as of now;
 *   3. the ledger, written: the step is reserved under its idempotency key before the
 *      provider is called, so a crash after the provider accepted cannot send twice;
 *   4. the provider call (with the same key, for providers that accept one), then the
 *      ledger update; every decision is also published to `journey-outcomes`.
 * Frequency caps and quiet hours come between 2 and 3 (next step of issue 4).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Channel, Purpose } from '../schemas/primitives.ts';
import type { JourneyOutcome } from '../schemas/outcomes.ts';
import { hasConsent } from '../services/db/customers.ts';
import { journeyState } from '../services/db/journey-controls.ts';
import { completeMessage, findMessage, idempotencyKeyOf, recordMessage, releaseMessage, type LedgerEntry, type NewEntry } from '../services/db/message-ledger.ts';
import type { Db } from '../services/db/pool.ts';
import type { OutcomePublisher } from '../services/kafka/journey-outcomes.ts';
import type { SendOutcome, SkipReason } from '../workflows/lib/journey-types.ts';
import { failureTypes } from './failure-types.ts';
import { ProviderError } from '../services/provider-error.ts';

export interface GateRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  channel: Channel;
  purpose: Purpose;
}

export interface ChannelSend {
  /** Whether the customer has an address on the channel (none: a skip). */
  hasAddress(): Promise<boolean>;
  /** Calls the provider; throws ProviderError. */
  send(idempotencyKey: string): Promise<{ providerMessageId: string }>;
}

export interface GateDeps {
  db: Db;
  outcomes: OutcomePublisher;
}

function outcomeOf(entry: LedgerEntry): SendOutcome {
  const { channel, step } = entry;
  switch (entry.status) {
    case 'sent':
      return { status: 'sent', channel, step, providerMessageId: entry.providerMessageId ?? '' };
    case 'skipped':
      return { status: 'skipped', channel, step, reason: entry.reason as SkipReason };
    case 'failed':
      return { status: 'failed', channel, step, reason: entry.reason ?? 'unknown' };
    case 'sending':
      return { status: 'skipped', channel, step, reason: 'possibly-sent' };
  }
}

export async function throughGate(deps: GateDeps, request: GateRequest, channel: ChannelSend): Promise<SendOutcome> {
  const { db } = deps;
  const entry: NewEntry = { ...request, idempotencyKey: idempotencyKeyOf(request.workflowId, request.step) };
  const publish = async (outcome: SendOutcome) => {
    if (outcome.status === 'held') return outcome;
    const published: JourneyOutcome = {
      outcomeId: entry.idempotencyKey,
      customerId: request.customerId,
      journeyId: request.journeyId,
      workflowId: request.workflowId,
      step: request.step,
      channel: request.channel,
      status: outcome.status,
      ...(outcome.status === 'sent' ? { providerMessageId: outcome.providerMessageId } : { reason: outcome.reason }),
      at: new Date().toISOString(),
    };
    await deps.outcomes.publish(published);
    return outcome;
  };
  const decided = async (status: 'skipped', reason: SkipReason) => {
    const earlier = await recordMessage(db, entry, status, reason);
    return publish(earlier ? outcomeOf(earlier) : { status, channel: request.channel, step: request.step, reason });
  };

  // 0. Decided before: the same answer again (re-published: the outcome id makes it recognisable).
  const earlier = await findMessage(db, entry.idempotencyKey);
  if (earlier) return publish(outcomeOf(earlier));

  // 1. Kill switch.
  const state = await journeyState(db, request.journeyId);
  if (state === 'paused') return { status: 'held', channel: request.channel, step: request.step };
  if (state === 'stopped') return decided('skipped', 'journey-stopped');

  // 2. Consent, as of now.
  if (!(await hasConsent(db, request.customerId, request.channel, request.purpose))) return decided('skipped', 'no-consent');
  if (!(await channel.hasAddress())) return decided('skipped', 'no-address');

  // 3. Reserve the step. Another attempt that got there first decides.
  const raced = await recordMessage(db, entry, 'sending');
  if (raced) return publish(outcomeOf(raced));

  // 4. The provider, then the ledger.
  try {
    const { providerMessageId } = await channel.send(entry.idempotencyKey);
    await completeMessage(db, entry.idempotencyKey, { status: 'sent', providerMessageId });
    return publish({ status: 'sent', channel: request.channel, step: request.step, providerMessageId });
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind === 'unknown') throw error; // the row stays 'sending': never re-sent
    if (error.kind === 'rejected') {
      await completeMessage(db, entry.idempotencyKey, { status: 'failed', reason: error.message });
      return publish({ status: 'failed', channel: request.channel, step: request.step, reason: error.message });
    }
    // Certainly not accepted: release the reservation so that the retry may send.
    await releaseMessage(db, entry.idempotencyKey);
    throw ApplicationFailure.create({ type: failureTypes.providerUnavailable, message: error.message, cause: error });
  }
}
