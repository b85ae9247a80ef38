/**
 * What a journey declares beside its body: what starts it, what ends it, what it waits
 * for, who may enter again, its holdout and experiment. Typed from the event catalog: the
 * trigger's and each exit event's payloads are known to the compiler, and the body may wait
 * only for events the descriptor routes to it.
 */
import type { Duration } from './duration.ts';
import type { CustomerEvent, CustomerEventEnvelope } from '../../schemas/envelope.ts';
import type { KnownEventName } from '../../schemas/catalog.ts';
import { workflowType, type JourneyWorkflow } from '../../schemas/names.ts';
import type { Experiment } from './assignment.ts';
import type { NoParameters, ParameterSpecs } from './journey-parameters.ts';
import type { ReentryRule } from './reentry.ts';

/** An event that ends the journey when it `matches` the one that started it. */
export type ExitRule<Trigger extends KnownEventName> = {
  [Name in KnownEventName]: {
    event: Name;
    /** Recorded as the exit reason, e.g. 'converted'. */
    reason: string;
    /** The segment a `Segment Exited` exit is for (lib/segment-trigger.ts). */
    segmentId?: string;
    // Method syntax: a registry lists journeys of every trigger type side by side.
    matches(trigger: CustomerEvent<Trigger>, event: CustomerEvent<Name>): boolean;
  };
}[KnownEventName];

export interface JourneySpec<Trigger extends KnownEventName, Waits extends KnownEventName, Params extends ParameterSpecs = NoParameters> {
  id: string;
  /** Name of the exported workflow function that runs this journey (workflows/index.ts). */
  workflowType: string;
  trigger: {
    event: Trigger;
    /** The entry's key: with `reentry: 'once-per-key'`, one run per key (a cart). */
    key(event: CustomerEvent<Trigger>): string;
    /** Only events it accepts start the journey (one segment's `Segment Entered`); all do without it. */
    matches?(event: CustomerEvent<Trigger>): boolean;
    /** The segment a `Segment Entered` trigger is for (lib/segment-trigger.ts); the router routes only these. */
    segmentId?: string;
  };
  exitOn: ExitRule<Trigger>[];
  /** Other events the running journey waits for (`journey.waitForEvent`): the customer workflow forwards only these and the exits. */
  waitsFor: readonly Waits[];
  /** Who may enter again, and when: once, once per trigger key (a cart), or after a cooldown. */
  reentry: ReentryRule;
  /** Share of entering customers (0–1) kept out of the messages, to measure the journey's lift. */
  holdout?: number;
  /** A/B variants; the body reads `journey.variant`. */
  experiment?: Experiment;
  /**
   * How long after entering an order counts as the journey's conversion, in the journey
   * reports (services/platform/analytics/); '7 days' without it. Shop time, never scaled.
   */
  attributionWindow?: Duration;
  /**
   * For a journey that shipped without holdout or experiment and got one later: the patch id
   * under which its runs record their assignment, so runs from before replay without it.
   */
  assignmentAddedAs?: string;
  /**
   * For a journey added after release on a trigger old customer histories hold (an order):
   * the patch id under which the customer workflow starts it, so those histories replay
   * without it (Temporal versioning) and new events start it.
   */
  addedAs?: string;
  /**
   * Journeys whose customers this one leaves alone: no entry while the customer is in one of
   * them (browse abandonment is not for a customer already in a cart journey).
   */
  notWhileIn?: readonly string[];
  /** The numbers a shop may set without editing the journey, with their defaults (`journey.parameters`). */
  parameters?: Params;
  /**
   * What `journeys journey disable` means for it. 'keep-out' (the default): customers who
   * trigger it meanwhile do not enter. 'skip-sends', for journeys a customer enters once and
   * stays in for years (a birthday, an anniversary, a consent's lapse): they enter as ever,
   * and while the journey is off its messages and coupons are skipped ('journey-disabled');
   * what is not a message (a consent lapsing) still happens. Otherwise a customer who
   * triggered it while it was off would be shut out for good, the entry being once only.
   */
  onDisable?: 'keep-out' | 'skip-sends';
  /**
   * Its place on a busy task queue (a shop's imported history, a sale's rush): 'urgent' runs
   * go ahead of the rest, for journeys whose first step is promised within the hour (a cart
   * reminder, a complaint's apology, a confirmation link the customer waits for, an apology
   * operators asked for). Nothing goes behind the rest: a strict order would starve it while
   * the queue stays busy, and a yearly journey's first step can be due today (a customer
   * imported on their anniversary). Once set, keep it: the customer histories that started
   * the journey urgently hold the 'journey-priorities' patch marker, and without the
   * patched() call that reads it they no longer replay (nondeterminism error).
   */
  priority?: JourneyPriority;
}

export type JourneyPriority = 'urgent';

/** Temporal's priority keys: 1 goes first, 3 when unset. The run's activities and timers inherit it. */
export const priorityKeys: Record<JourneyPriority, number> = { urgent: 1 };

export interface JourneyDescriptor<
  Trigger extends KnownEventName = KnownEventName,
  Waits extends KnownEventName = KnownEventName,
  Params extends ParameterSpecs = ParameterSpecs,
> extends Omit<JourneySpec<Trigger, Waits, Params>, 'workflowType'> {
  /** Start it by this, typed: `client.workflow.start(journey.workflowType, { args: [input] })`. */
  workflowType: JourneyWorkflow;
}

export function defineJourney<
  const Trigger extends KnownEventName,
  const Waits extends KnownEventName = never,
  Params extends ParameterSpecs = NoParameters,
>(spec: JourneySpec<Trigger, Waits, Params>): JourneyDescriptor<Trigger, Waits, Params> {
  return { ...spec, workflowType: workflowType<JourneyWorkflow>(spec.workflowType) };
}

/**
 * Any journey, as the customer workflow, the registry and tests handle them side by side.
 * Each was type-checked against the catalog where it was defined; here its functions take
 * events only through the two helpers below.
 */
export type AnyJourney = Omit<JourneyDescriptor, 'trigger' | 'exitOn' | 'waitsFor'> & {
  trigger: { event: KnownEventName; key(event: never): string; matches?(event: never): boolean; segmentId?: string };
  exitOn: readonly { event: KnownEventName; reason: string; segmentId?: string; matches(trigger: never, event: never): boolean }[];
  waitsFor: readonly KnownEventName[];
};

// The router sends Temporal only events whose payload the catalog accepted, and a journey
// hears only the event types its descriptor names: each reaches the function typed for it.

/** Whether this event starts the journey. */
export const startsJourney = (journey: AnyJourney, event: CustomerEventEnvelope): boolean =>
  journey.trigger.event === event.type && (journey.trigger.matches?.(event as never) ?? true);

/** The key of this entry into the journey (the workflow id's last part). */
export const triggerKeyOf = (journey: AnyJourney, trigger: CustomerEventEnvelope): string => journey.trigger.key(trigger as never);

/** The exit rule this event fires for a journey started by `trigger`, if any. */
export const exitRuleFor = (journey: AnyJourney, trigger: CustomerEventEnvelope, event: CustomerEventEnvelope) =>
  journey.exitOn.find((rule) => rule.event === event.type && rule.matches(trigger as never, event as never));

/** Every event type a running journey must hear about: its exits and what it waits for. */
export function routedToJourney(journey: AnyJourney): Set<string> {
  return new Set<string>([...journey.exitOn.map((rule) => rule.event), ...journey.waitsFor]);
}
