/**
 * What a journey's body is written with: `journey.sleep`, `journey.waitForEvent`,
 * `journey.send.email`… Typed by the journey's descriptor: the trigger's payload, the
 * events it may wait for, and each channel's template names.
 */
import type { TemplateNames } from '../../activities/channels/index.ts';
import type { KnownEventName } from '../../schemas/catalog.ts';
import type { CustomerEvent } from '../../schemas/envelope.ts';
import type { Anniversary, CouponOffer, MessageFacts, ProfileFacts, SendOutcome, ViewedProduct } from '../../schemas/journey.ts';
import type { Channel, ChannelCamelCase } from '../../schemas/channels.ts';
import type { Duration } from './duration.ts';
import type { Purpose } from '../../schemas/primitives.ts';
import type { NoParameters, ParameterSpecs, ParametersOf } from './journey-parameters.ts';

/** A message from the channel's template library; `deliverWithin` bounds how long it may wait; a coupon it shows. */
export type TemplatedSend<Template extends string = string> = {
  step: string;
  template: Template;
  deliverWithin?: Duration;
  coupon?: CouponOffer | null;
  /** 'transactional' for a message the customer needs (a confirmation link); marketing otherwise. */
  purpose?: Purpose;
  /** The double opt-in request of the pending subscription that started the journey (activities/send-gate.ts). */
  confirmsSubscription?: boolean;
  /** The shop owes the customer this message (a reward they earned): never suppressed for low value (activities/send-gate.ts). */
  promised?: boolean;
  /** Products the message lists (the ones a browsing customer viewed). */
  products?: readonly ViewedProduct[];
  /** What the journey knew about the customer, for the template to say (`{{ facts.country }}`). */
  facts?: MessageFacts;
  /** An earlier message told the customer all this one would: recorded as skipped, not sent (activities/send-gate.ts). */
  covered?: boolean;
};

/**
 * One send per channel, built from the channel list (workflows/lib/delivery.ts): each passes
 * the send gate and waits out pauses, caps and quiet hours (at most `deliverWithin`). A
 * direct mail piece is cancelled if the journey exits inside its cancellation window.
 */
export type Sends = { [C in Channel as ChannelCamelCase<C>]: (message: TemplatedSend<TemplateNames[C]>) => Promise<SendOutcome> };

export interface JourneyContext<
  Trigger extends KnownEventName = KnownEventName,
  Waits extends KnownEventName = never,
  Params extends ParameterSpecs = NoParameters,
> {
  trigger: CustomerEvent<Trigger>;
  /** The journey's parameters as the shop set them when the customer entered, defaults otherwise. */
  parameters: ParametersOf<Params>;
  /** The customer's variant of the journey's experiment; null without one (and in the holdout). */
  variant: string | null;
  /** The customer is in the journey's holdout: its sends are recorded, not sent. */
  holdout: boolean;
  /** Waits for a duration (scaled by the journey settings). */
  sleep(duration: Duration): Promise<void>;
  /** Waits until `duration` after the journey started: timings stay relative to the trigger. */
  sleepUntilAfterStart(duration: Duration): Promise<void>;
  /**
   * Waits until the next `time` ("HH:MM") of the customer's day in their time zone (the
   * shop's when unknown), e.g. a birthday message at 09:00 local. In a scaled run the wait
   * is scaled like any other.
   */
  waitUntilLocalTime(time: `${number}:${number}`): Promise<void>;
  /**
   * When a yearly occasion next comes at `time` ("HH:MM") of the customer's day: a birthday
   * (`{ monthDay: '02-29' }`; 29 February is 28 February in other years) or the anniversary
   * of a moment (`{ since: signedUpAt }`, the date it was in their zone). `at` is in ms. The
   * next after `after` (ms; now unless given): a loop passes the last one it waited for, as
   * in a scaled run the clock after the wait is still before it.
   */
  nextAnniversary(of: Anniversary, time: `${number}:${number}`, after?: number): Promise<{ at: number; year: number }>;
  /** When the next `time` ("HH:MM") of the customer's day comes (ms), to decide before waiting for it. */
  nextLocalTime(time: `${number}:${number}`): Promise<number>;
  /** Waits until a moment (ms), such as one `nextAnniversary` gave; in a scaled run the wait is scaled. */
  waitUntil(at: number): Promise<void>;
  /**
   * Waits for an event of this type (and match) for at most `within`; null when none came.
   * Only events the descriptor lists in `waitsFor` reach a journey: others fail the type check.
   */
  waitForEvent<Name extends Waits>(
    type: Name,
    options: { within: Duration; match?: (event: CustomerEvent<Name>) => boolean },
  ): Promise<CustomerEvent<Name> | null>;
  /** What the customer allows and has, as of now (an activity): for branches such as "SMS when email is not allowed". */
  profile(): Promise<ProfileFacts>;
  /**
   * A unique single-use code from a coupon pool for this customer (the same one on a
   * replay), or null when the pool has none for them (empty, unknown, another country) and
   * for the holdout. Pass it to the send that shows it.
   */
  offerCoupon(offer: { step: string; pool: string }): Promise<CouponOffer | null>;
  /**
   * Products the customer viewed at least `minViews` times in the last `within`, most viewed
   * first (an activity). The window is the shop's clock, never scaled: the views are facts.
   */
  viewedProducts(options: { within: Duration; minViews: number }): Promise<ViewedProduct[]>;
  /** Marks the step operators see in the JourneyStep search attribute. */
  step(name: string): void;
  /** Ends the journey here, exited with `reason` (a customer it is not for, such as the bottom 20%). */
  leave(reason: string): never;
  send: Sends;
}
