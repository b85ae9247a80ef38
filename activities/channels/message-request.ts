/** What every templated send activity takes, and how its template is rendered. */
import { ApplicationFailure } from '@temporalio/common';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import type { MessageFacts, ViewedProduct } from '../../schemas/journey.ts';
import type { CouponOffer } from '../../services/platform/db/coupons.ts';
import { failureTypes } from '../failure-types.ts';
import type { StepRequest } from '../send-gate.ts';
import type { CustomerProfile } from '../../services/platform/db/customers.ts';
import { renderFields, type TemplateData } from './liquid.ts';

/** A templated message: the template's name and the event that started the journey. */
export interface MessageRequest extends StepRequest {
  template: string;
  trigger: CustomerEventEnvelope;
  /** A coupon the journey offered (journey.offerCoupon), for the template to show. */
  coupon?: CouponOffer;
  /** Products the message is about, for the template to list. */
  products?: readonly ViewedProduct[];
  /** What the journey knew about the customer, for the template to say. */
  facts?: MessageFacts;
}

/** A template that cannot render will not render on a retry either. */
export function renderMessage<T extends Record<string, string>>(
  library: Record<string, T>,
  kind: string,
  name: string,
  data: TemplateData,
): T {
  try {
    return renderFields(library, kind, name, data);
  } catch (error) {
    throw ApplicationFailure.create({
      type: failureTypes.unknownTemplate,
      message: `Cannot render ${kind} template ${name}`,
      cause: error as Error,
      nonRetryable: true,
    });
  }
}

/** What every channel's template sees: the profile, the trigger's payload, the message's links and its coupon. */
export function templateDataOf(request: MessageRequest, profile: CustomerProfile, links: Record<string, string> = {}): TemplateData {
  return {
    profile,
    trigger: request.trigger.payload,
    links,
    ...(request.coupon ? { coupon: request.coupon } : {}),
    ...(request.products ? { products: request.products } : {}),
    ...(request.facts ? { facts: request.facts } : {}),
  };
}
