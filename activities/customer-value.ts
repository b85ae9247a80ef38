/** The recompute as an activity, for the schedule's workflow (workflows/maintenance/customer-value.ts). */
import { recomputeCustomerValue } from '../services/platform/customer-value/recompute.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { CustomerValueRecomputed } from '../schemas/names.ts';

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
  };
}
