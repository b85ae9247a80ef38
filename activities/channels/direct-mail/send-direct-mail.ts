/**
 * Direct mail through the send gate: a postcard or letter to the customer's validated
 * postal address, with Lob's idempotency key, a send date that leaves a cancellation
 * window, and the piece's cost in the ledger. `cancelDirectMail` stops a piece inside
 * that window (the journey runs it when the customer converts or is stopped).
 */
import { PostalAddress } from '../../../schemas/primitives.ts';
import { createLobMail, type DirectMailSender, type MailKind } from './lob-mail.ts';
import type { MailPrices } from '../../../services/platform/direct-mail-prices.ts';
import { findMessage, idempotencyKeyOf, markCancelled } from '../../../services/platform/db/message-ledger.ts';
import type { SendOutcome } from '../../../schemas/journey.ts';
import type { Config } from '../../../services/platform/config.ts';
import { renderMessage, templateDataOf, type MessageRequest } from '../message-request.ts';
import { outcomeIdOf, throughGate, toPublished, type GateDeps, type StepRequest } from '../../send-gate.ts';
import type { ChannelSpec } from '../channel-spec.ts';
import { mailTemplates, type MailTemplate } from './templates.ts';

export interface DirectMailDeps extends GateDeps {
  directMail: {
    sender: DirectMailSender;
    /** From the journey's decision to the piece's send date. */
    cancelWindowMs: number;
    prices: MailPrices;
  };
  links: { shopUrl: string };
}

type Recipient = { name: string; address: PostalAddress };

export const directMailChannel: ChannelSpec<'direct_mail', Recipient> = {
  channel: 'direct_mail',
  purpose: 'marketing',
  sendRate: 5,
  activities: ['sendDirectMail', 'cancelDirectMail'],
  /** A full name and an address the catalog's schema accepts: a piece needs both to arrive. */
  addressOf(profile) {
    const address = PostalAddress.safeParse(profile.address);
    const name = [profile.traits.firstName, profile.traits.lastName]
      .filter((part) => typeof part === 'string' && part.trim() !== '')
      .join(' ');
    return Promise.resolve(address.success && name !== '' ? { name, address: address.data } : null);
  },
};

/** The Liquid of each template: what is personalised per customer. */
const mergeVariableTemplates = Object.fromEntries(Object.entries(mailTemplates).map(([name, template]) => [name, template.mergeVariables]));

const kindOf = (providerMessageId: string): MailKind => (providerMessageId.startsWith('ltr_') ? 'letter' : 'postcard');

export function directMailProviders(config: Config) {
  return {
    directMail: {
      sender: createLobMail(config.directMail),
      cancelWindowMs: config.directMail.cancelWindowMs,
      prices: config.directMail.prices,
    },
    links: { shopUrl: config.links.shopUrl },
  };
}

export type CancelResult = 'cancelled' | 'too-late' | 'nothing-to-cancel';

export function createDirectMailActivities(deps: DirectMailDeps) {
  const { sender, cancelWindowMs, prices } = deps.directMail;
  return {
    async sendDirectMail(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, request, {
        ...directMailChannel,
        // Lob returns the first piece for a repeated key: an interrupted send may go again.
        idempotent: true,
        async send({ address: to, profile, idempotencyKey }) {
          const data = templateDataOf(request, profile, { shop: deps.links.shopUrl });
          const mergeVariables = renderMessage(mergeVariableTemplates, 'direct mail', request.template, data);
          const { kind, content, description } = (mailTemplates as Record<string, MailTemplate>)[request.template]!; // it rendered, so it exists
          const piece = await sender.send({
            kind,
            to,
            content,
            mergeVariables,
            sendDate: new Date(Date.now() + cancelWindowMs),
            idempotencyKey,
            description,
            metadata: { journey: request.journeyId, step: request.step },
          });
          return { providerMessageId: piece.id, cost: prices[kind], cancellableUntil: new Date(piece.sendDate) };
        },
      });
    },

    /** Stops the step's piece if it was sent and is not yet printed; the ledger and journey-outcomes record it. */
    async cancelDirectMail(request: StepRequest): Promise<CancelResult> {
      const key = idempotencyKeyOf(request.workflowId, request.step);
      const entry = await findMessage(deps.db, key);
      if (entry?.status === 'cancelled') return 'cancelled';
      if (entry?.status !== 'sent' || entry.channel !== 'direct_mail' || !entry.providerMessageId) return 'nothing-to-cancel';
      const answer = await sender.cancel(kindOf(entry.providerMessageId), entry.providerMessageId);
      if (answer === 'too-late') return 'too-late';
      // 'unknown-piece': an earlier attempt cancelled it and was interrupted before the ledger.
      await markCancelled(deps.db, key);
      const outcome = { status: 'cancelled', channel: 'direct_mail', step: request.step } as const;
      await deps.outcomes.publish(
        toPublished(
          { ...request, channel: directMailChannel.channel, purpose: directMailChannel.purpose },
          outcomeIdOf(key, outcome),
          outcome,
        ),
      );
      return 'cancelled';
    },
  };
}
