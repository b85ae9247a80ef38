import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { signalNames } from '../../schemas/names.ts';
import type { CustomerState } from './customer-state.ts';

/** Router → customer workflow: one customer's events of one Kafka batch, in log order. */
export const customerEventsSignal = defineSignal<[CustomerEventEnvelope[]]>(signalNames.customerEvents);
/** Customer workflow → journey: an event the journey exits on or waits for. */
export const journeyEventSignal = defineSignal<[CustomerEventEnvelope]>(signalNames.journeyEvent);
/** Journey → customer workflow: the journey ended (the customer workflow may have continued as new since it started it). */
export const journeyEndedSignal = defineSignal<[string]>('journeyEnded');
export const getCustomerStateQuery = defineQuery<CustomerState>('getCustomerState');
