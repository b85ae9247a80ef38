/** The recompute as activities, for the schedule's workflow (workflows/maintenance/customer-value.ts). */
import { segmentRegistry } from '../segments/index.ts';
import { recomputeCustomerValue } from '../services/platform/customer-value/recompute.ts';
import { refreshAllSegments, type SegmentsRefreshed } from '../services/platform/segments/refresh-all.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { CustomerValueRecomputed } from '../schemas/names.ts';
import { heartbeat } from './heartbeat.ts';

export function createCustomerValueActivities(deps: { db: Db }) {
  return {
    async recomputeCustomerValue(): Promise<CustomerValueRecomputed> {
      const report = await recomputeCustomerValue(deps.db);
      return {
        customers: report.customers,
        seconds: report.seconds.total,
        bgNbd: report.bgNbd ? { ...report.bgNbd.model } : null,
        gammaGamma: report.gammaGamma ? { ...report.gammaGamma.model } : null,
      };
    },
    /** Every customer's segments, against the scores just written; the changes go out as events. */
    refreshAllSegments(): Promise<SegmentsRefreshed> {
      return refreshAllSegments(deps.db, segmentRegistry, { onChunk: heartbeat });
    },
  };
}
