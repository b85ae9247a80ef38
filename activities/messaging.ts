/**
 * The send activities, one per channel. Each passes the send gate (activities/send-gate.ts):
 * ledger, kill switch, consent as of now, reservation, provider, outcome.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import { findCustomer, type CustomerProfile } from '../services/db/customers.ts';
import type { Mailer } from '../services/email/mailer.ts';
import type { SendOutcome } from '../workflows/lib/journey-types.ts';
import { renderEmail } from './email-templates.ts';
import { failureTypes } from './failure-types.ts';
import { throughGate, type GateDeps } from './send-gate.ts';

export interface SendEmailRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  template: string;
  trigger: CustomerEventEnvelope;
}

export function createMessagingActivities(deps: GateDeps & { mailer: Mailer }) {
  return {
    async sendEmail(request: SendEmailRequest): Promise<SendOutcome> {
      let profile: CustomerProfile | null = null;
      return throughGate(deps, { ...request, channel: 'email', purpose: 'marketing' }, {
        async hasAddress() {
          profile = await findCustomer(deps.db, request.customerId);
          return Boolean(profile?.email);
        },
        async send(idempotencyKey) {
          let rendered;
          try {
            rendered = renderEmail(request.template, { profile: profile!, trigger: request.trigger.payload });
          } catch (error) {
            throw ApplicationFailure.create({ type: failureTypes.unknownTemplate, message: `Cannot render ${request.template}`, cause: error as Error, nonRetryable: true });
          }
          const { messageId } = await deps.mailer.send({
            to: profile!.email!,
            ...rendered,
            headers: { 'X-Journey-Id': request.journeyId, 'X-Journey-Step': request.step, 'X-Idempotency-Key': idempotencyKey },
          });
          return { providerMessageId: messageId };
        },
      });
    },
  };
}
