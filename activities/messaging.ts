/**
 * The send activities. Consent is read from the consent ledger at the moment of sending,
 * never at journey start, so a revocation stops every later send.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import { findCustomer, hasConsent } from '../services/db/customers.ts';
import type { Db } from '../services/db/pool.ts';
import type { Mailer } from '../services/email/mailer.ts';
import type { SendOutcome } from '../workflows/lib/journey-types.ts';
import { renderEmail } from './email-templates.ts';
import { failureTypes } from './failure-types.ts';

export interface SendEmailRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  template: string;
  trigger: CustomerEventEnvelope;
}

export function createMessagingActivities(deps: { db: Db; mailer: Mailer }) {
  return {
    async sendEmail(request: SendEmailRequest): Promise<SendOutcome> {
      const { customerId, step } = request;
      const skipped = (reason: 'no-consent' | 'no-address'): SendOutcome => ({ status: 'skipped', channel: 'email', step, reason });
      if (!(await hasConsent(deps.db, customerId, 'email', 'marketing'))) return skipped('no-consent');
      const profile = await findCustomer(deps.db, customerId);
      if (!profile?.email) return skipped('no-address');

      let rendered;
      try {
        rendered = renderEmail(request.template, { profile, trigger: request.trigger.payload });
      } catch (error) {
        throw ApplicationFailure.create({ type: failureTypes.unknownTemplate, message: `Cannot render ${request.template}`, cause: error as Error, nonRetryable: true });
      }
      const { messageId } = await deps.mailer.send({
        to: profile.email,
        ...rendered,
        headers: {
          'X-Journey-Id': request.journeyId,
          'X-Journey-Step': step,
          // Providers that accept one dedupe on it; derived from workflow id + step.
          'X-Idempotency-Key': `${request.workflowId}/${step}`,
        },
      });
      return { status: 'sent', channel: 'email', step, providerMessageId: messageId };
    },
  };
}
