/**
 * Direct mail through the send gate: a postcard or letter to the customer's validated
 * postal address, with Lob's idempotency key, a send date that leaves a cancellation
 * window, and the piece's cost in the ledger. `cancelDirectMail` stops a piece inside
 * that window (the journey runs it when the customer converts or is stopped).
 */
import { PostalAddress } from '../schemas/primitives.ts';
import type { DirectMailSender, MailKind } from '../services/direct-mail/lob-mail.ts';
import type { MailPrices } from '../services/direct-mail/prices.ts';
import { findMessage, idempotencyKeyOf, markCancelled } from '../services/db/message-ledger.ts';
import type { SendOutcome } from '../schemas/journey.ts';
import { renderMessage, templateDataOf, type MessageRequest } from './message-request.ts';
import { outcomeIdOf, throughGate, toPublished, type GateDeps, type StepRequest } from './send-gate.ts';
import { mailTemplates, type MailTemplate } from './templates/direct-mail.ts';

export interface DirectMailDeps extends GateDeps {
  directMail: {
    sender: DirectMailSender;
    /** From the journey's decision to the piece's send date. */
    cancelWindowMs: number;
    prices: MailPrices;
  };
  links: { shopUrl: string };
}

/** Who a piece is addressed to: a full name and an address the catalog's schema accepts. */
function recipientOf(profile: { address: unknown; traits: Record<string, unknown> }) {
  const address = PostalAddress.safeParse(profile.address);
  const name = [profile.traits.firstName, profile.traits.lastName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
  return address.success && name !== '' ? { name, address: address.data } : null;
}

/** The Liquid of each template: what is personalised per customer. */
const mergeVariableTemplates = Object.fromEntries(Object.entries(mailTemplates).map(([name, template]) => [name, template.mergeVariables]));

const kindOf = (providerMessageId: string): MailKind => (providerMessageId.startsWith('ltr_') ? 'letter' : 'postcard');

export type CancelResult = 'cancelled' | 'too-late' | 'nothing-to-cancel';

export function createDirectMailActivities(deps: DirectMailDeps) {
  const { sender, cancelWindowMs, prices } = deps.directMail;
  return {
    async sendDirectMail(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, { ...request, channel: 'direct_mail', purpose: 'marketing' }, {
        // Lob returns the first piece for a repeated key: an interrupted send may go again.
        idempotent: true,
        addressOf: (profile) => Promise.resolve(recipientOf(profile)),
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
      await deps.outcomes.publish(toPublished({ ...request, channel: 'direct_mail', purpose: 'marketing' }, outcomeIdOf(key, outcome), outcome));
      return 'cancelled';
    },
  };
}
