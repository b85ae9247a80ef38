/**
 * How events reach a running journey: the customer workflow forwards those the descriptor
 * routes to it. An exit event that matches the trigger cancels the body at once, mid-wait
 * too; any other waits in the inbox for `journey.waitForEvent`.
 */
import { condition, setHandler, type CancellationScope } from '@temporalio/workflow';
import type { KnownEventName } from '../../schemas/catalog.ts';
import type { CustomerEvent, CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { journeyEventSignal } from '../../schemas/names.ts';
import { exitRuleFor, type JourneyDescriptor } from './journey-descriptor.ts';

export interface JourneyEvents<Waits extends KnownEventName> {
  /** Why the journey is leaving, once an exit event (or an operator's stop) said so. */
  exitReason(): string | undefined;
  exit(reason: string): void;
  /** The first event of this type (and match) in the inbox, waiting at most `withinMs`; null when none came. */
  waitForEvent<Name extends Waits>(
    type: Name,
    withinMs: number,
    match?: (event: CustomerEvent<Name>) => boolean,
  ): Promise<CustomerEvent<Name> | null>;
}

export function listenForEvents<Trigger extends KnownEventName, Waits extends KnownEventName>(
  descriptor: JourneyDescriptor<Trigger, Waits>,
  trigger: CustomerEvent<Trigger>,
  body: CancellationScope,
): JourneyEvents<Waits> {
  const inbox: CustomerEventEnvelope[] = [];
  let exitReason: string | undefined;

  setHandler(journeyEventSignal, (event) => {
    if (exitReason !== undefined) return;
    const exit = exitRuleFor(descriptor, trigger, event);
    if (exit) {
      exitReason = exit.reason;
      body.cancel();
      return;
    }
    inbox.push(event);
  });

  return {
    exitReason: () => exitReason,
    exit(reason) {
      exitReason = reason;
    },
    async waitForEvent(type, withinMs, match) {
      type Wanted = CustomerEvent<typeof type>;
      const index = () => inbox.findIndex((event) => event.type === type && (match?.(event as Wanted) ?? true));
      const arrived = await condition(() => index() >= 0, withinMs);
      return arrived ? ((inbox.splice(index(), 1)[0] as Wanted | undefined) ?? null) : null;
    },
  };
}
