/** Publishes journey outcomes to `journey-outcomes`, keyed by customer id (their order holds per customer). */
import type { Producer } from 'kafkajs';
import { topics } from '../../../schemas/names.ts';
import type { JourneyOutcome } from '../../../schemas/outcomes.ts';

export interface OutcomePublisher {
  publish(outcome: JourneyOutcome): Promise<void>;
}

export function createOutcomePublisher(producer: Producer): OutcomePublisher {
  return {
    async publish(outcome) {
      await producer.send({
        topic: topics.journeyOutcomes,
        acks: -1,
        messages: [{ key: outcome.customerId, value: JSON.stringify(outcome), headers: { 'outcome-id': outcome.outcomeId } }],
      });
    },
  };
}
