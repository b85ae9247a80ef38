/** Types shared by the journey library, the customer workflow and the activities. */
import type { Channel } from '../../schemas/primitives.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';

export interface JourneySettings {
  /**
   * Multiplies every journey duration. 1 in production and in workflow tests (real
   * durations on the time-skipping server); below 1 for demos and end-to-end tests.
   */
  timeScale: number;
}

export interface JourneyInput {
  customerId: string;
  trigger: CustomerEventEnvelope;
  settings: JourneySettings;
}

/**
 * Why a step sent nothing. 'possibly-sent': an earlier attempt reserved the step and was
 * interrupted (a crash) before it learned the provider's answer; it is not sent again.
 */
export type SkipReason = 'no-consent' | 'no-address' | 'journey-stopped' | 'possibly-sent';

export type SendOutcome =
  | { status: 'sent'; channel: Channel; step: string; providerMessageId: string }
  | { status: 'skipped'; channel: Channel; step: string; reason: SkipReason }
  | { status: 'failed'; channel: Channel; step: string; reason: string }
  /** The journey is paused by an operator: nothing recorded, ask again later. */
  | { status: 'held'; channel: Channel; step: string };

export type JourneyResult =
  | { outcome: 'completed'; sends: SendOutcome[] }
  | { outcome: 'exited'; reason: string; sends: SendOutcome[] };
