/**
 * Segments over what customers are worth and how they buy: the recompute's RFM groups and
 * predictions, and the projector's order figures (services/platform/customer-value/).
 */
import { rfmGroups, type RfmGroup } from '../schemas/customer-value.ts';
import { daysSince, defineSegment } from './define.ts';

export const highValue = defineSegment({
  id: 'high-value',
  description: 'The top 10% of customers by predicted value over the next 12 months (CLV).',
  matches: (c) => c.predictedValuePercentile !== null && c.predictedValuePercentile >= 0.9,
});

export const repeatBuyers = defineSegment({
  id: 'repeat-buyers',
  description: 'Two orders or more.',
  matches: (c) => c.orders >= 2,
});

export const oneTimeBuyers = defineSegment({
  id: 'one-time-buyers',
  description: 'Exactly one order.',
  matches: (c) => c.orders === 1,
});

export const lapsed = defineSegment({
  id: 'lapsed',
  description: 'No order for twice the time they normally take to buy again (their purchase latency).',
  matches: (c) => c.lastOrderAt !== null && c.purchaseLatencyDays !== null && daysSince(c, c.lastOrderAt) > 2 * c.purchaseLatencyDays,
});

export const rfmBottom20 = defineSegment({
  id: 'rfm-bottom-20',
  description: 'The bottom 20% of the base by R + F + M: the practice stops marketing to them.',
  matches: (c) => c.rfm?.bottom20 === true,
});

const rfmGroupSegment = <const Group extends RfmGroup>(group: Group) =>
  defineSegment({
    id: `rfm-${group}`,
    description: `In the RFM group "${group}".`,
    matches: (c) => c.rfm?.group === group,
  });

/** One segment per named RFM group: `rfm-champions`, `rfm-at-risk`… */
export const rfmGroupSegments = rfmGroups.map(rfmGroupSegment);
