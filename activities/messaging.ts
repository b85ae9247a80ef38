/**
 * The send activities, one per channel. Each passes the send gate (activities/send-gate.ts):
 * ledger, kill switch, consent as of now, caps and quiet hours, reservation, provider, outcome.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import type { Mailer } from '../services/email/mailer.ts';
import type { SendOutcome } from '../workflows/lib/journey-types.ts';
import { renderEmail } from './email-templates.ts';
import { failureTypes } from './failure-types.ts';
import { throughGate, type GateDeps, type StepRequest } from './send-gate.ts';

export interface SendEmailRequest extends StepRequest {
  template: string;
  trigger: CustomerEventEnvelope;
}

export function createMessagingActivities(deps: GateDeps & { mailer: Mailer }) {
  return {
    async sendEmail(request: SendEmailRequest): Promise<SendOutcome> {
      return throughGate(deps, { ...request, channel: 'email', purpose: 'marketing' }, {
        addressOf: (profile) => Promise.resolve(profile.email),
        async send({ address, profile, idempotencyKey }) {
          let rendered;
          try {
            rendered = renderEmail(request.template, { profile, trigger: request.trigger.payload });
          } catch (error) {
            throw ApplicationFailure.create({ type: failureTypes.unknownTemplate, message: `Cannot render ${request.template}`, cause: error as Error, nonRetryable: true });
          }
          const { messageId } = await deps.mailer.send({
            to: address,
            ...rendered,
            headers: { 'X-Journey-Id': request.journeyId, 'X-Journey-Step': request.step, 'X-Idempotency-Key': idempotencyKey },
          });
          return { providerMessageId: messageId };
        },
      });
    },
  };
}
