/**
 * What the re-permission journey asks of the outside world: when the customer's marketing
 * consent lapses (CONSENT_LAPSE_MONTHS, read here so a replay sees the answer it had), what
 * a renewal request may say about them, and, at the lapse, the `Consent Expired` event.
 */
import type { RenewalFacts } from '../schemas/journey.ts';
import type { Channel } from '../schemas/primitives.ts';
import { consentExpired, grantInForce, lapseOf, readRenewalFacts } from '../services/platform/consent-lapse/consent-lapse.ts';
import { customerCountry, customerIdNow } from '../services/platform/db/customers.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { EventLogWriter } from '../services/platform/kafka/customer-events.ts';

const MONTH_MS = (365.25 / 12) * 86_400_000;

export interface ConsentLapseDeps {
  db: Db;
  events: EventLogWriter;
  /** CONSENT_LAPSE_MONTHS; 24 when not given. */
  consentLapseMonths?: number;
}

export function createConsentLapseActivities(deps: ConsentLapseDeps) {
  const months = deps.consentLapseMonths ?? 24;
  return {
    /** When a marketing consent given at `grantedAt` (ISO) lapses, ISO. */
    lapseOfConsent(request: { grantedAt: string }): Promise<string> {
      return Promise.resolve(lapseOf(new Date(request.grantedAt), months).toISOString());
    },

    /** Only what the data says: null where it says nothing (no orders, no categories in them, no country). */
    async readRenewalFacts(request: { customerId: string; at: string }): Promise<RenewalFacts> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      const [facts, country] = await Promise.all([readRenewalFacts(deps.db, customerId), customerCountry(deps.db, customerId)]);
      const { lastOrderAt, ...favourites } = facts;
      const monthsSinceLastOrder = lastOrderAt === null ? null : Math.floor((Date.parse(request.at) - Date.parse(lastOrderAt)) / MONTH_MS);
      return { monthsSinceLastOrder, ...favourites, country };
    },

    /**
     * Writes `Consent Expired` for the grant, unless it is no longer the consent in force (a
     * renewal or a revocation the journey has not heard of yet): then nothing, 'not-in-force'.
     * The projector checks the grant again, in log order.
     */
    async expireConsent(request: {
      customerId: string;
      channel: Channel;
      grantedAt: string;
      at: string;
    }): Promise<'expired' | 'not-in-force'> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      if (!(await grantInForce(deps.db, customerId, request.channel, request.grantedAt))) return 'not-in-force';
      await deps.events.append([consentExpired(customerId, request.channel, request.grantedAt, new Date(request.at))]);
      return 'expired';
    },
  };
}
