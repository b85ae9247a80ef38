/**
 * Holiday campaign windows (workflows/campaigns/): written by the product itself, one per
 * customer who lives where the holiday is kept, when a campaign's window opens (the nightly
 * maintenance run, or `journeys campaigns open`). Each starts that campaign's journey in the
 * customer's own workflow. Producers do not send these: one would hand a customer another
 * market's offer.
 */
import { z } from 'zod';
import { Id } from '../primitives.ts';
import { defineEvent } from './define.ts';

const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date such as 2027-05-30');

export const CampaignWindowOpened = defineEvent(
  'Campaign Window Opened',
  1,
  z.object({
    campaign_id: Id,
    /** The holiday's year: a campaign runs once per customer per occurrence. */
    occurrence: z.string().regex(/^\d{4}$/, 'must be a year such as 2027'),
    /** Where the customer lives, as the campaign names it: a country (FR) or a region (CA-ON, ISO 3166-2). */
    place: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be a country such as FR or a region such as CA-ON'),
    /** The holiday's date there, and the date the window opens (the customer's calendar). */
    holiday_on: CalendarDate,
    opens_on: CalendarDate,
  }),
);
