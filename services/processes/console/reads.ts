/**
 * What the console's pages show, read from Temporal (who is in a journey now) and PostgreSQL
 * (the journey report, the customer's story): the operator reports and the journey report
 * of the CLI, nothing of its own but the customer's journey entries and profile. The pages
 * take these as an interface, so their tests need no server.
 */
import { journeyReport, type JourneyReport } from '../../platform/analytics/journey-report.ts';
import { customerEntries, type CustomerEntry } from '../../platform/analytics/customer-entries.ts';
import { findCustomer, type CustomerProfile } from '../../platform/db/customers.ts';
import { customerReport, journeyStatus, type CustomerReport, type JourneyStatus, type Scope } from '../../platform/operator-reports.ts';
import type { AnyJourney } from '../../../workflows/lib/journey-descriptor.ts';
import { reportingOf } from '../../../workflows/lib/journey-reporting.ts';
import { journeyRegistry } from '../../../workflows/registry.ts';

/** The days the journeys page sums up. */
export const SUMMARY_DAYS = 30;

export interface JourneyView {
  status: JourneyStatus;
  report: JourneyReport;
}

export interface CustomerView {
  report: CustomerReport;
  profile: CustomerProfile | null;
  entries: CustomerEntry[];
}

export interface ConsoleReads {
  /** Every journey of the registry, in its order, with the last SUMMARY_DAYS days. */
  journeys(): Promise<JourneyView[]>;
  journey(journey: AnyJourney, days: number): Promise<JourneyView>;
  /** Null when nothing is known of this id: no profile, workflow, message, order or entry. */
  customer(customerId: string): Promise<CustomerView | null>;
}

export function createConsoleReads(scope: Scope): ConsoleReads {
  const journey = async (known: AnyJourney, days: number): Promise<JourneyView> => {
    const [status, report] = await Promise.all([
      journeyStatus(scope, known.id),
      journeyReport(scope.db, { journeyId: known.id, journey: reportingOf(known), days }),
    ]);
    return { status, report };
  };
  return {
    journey,
    journeys: () => Promise.all(journeyRegistry.map((known) => journey(known, SUMMARY_DAYS))),
    async customer(customerId) {
      const [report, profile, entries] = await Promise.all([
        customerReport(scope, customerId),
        findCustomer(scope.db, customerId),
        customerEntries(scope.db, customerId),
      ]);
      const known =
        profile !== null ||
        report.workflow !== null ||
        report.workflowProblem !== null ||
        report.messages.length > 0 ||
        report.value !== null ||
        entries.length > 0;
      return known ? { report, profile, entries } : null;
    },
  };
}
