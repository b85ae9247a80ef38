/**
 * Where simulated customers live: a country, its time zone and a postal address a printer
 * accepts. The simulation picks the places where it is daytime now, so that its messages are
 * not all held to the morning by quiet hours (the send gate's rule, which the run keeps on).
 */
import { localTimeOfDayMs } from '../../platform/local-time.ts';

export interface Place {
  country: string;
  timezone: string;
  address: { street: string; city: string; state?: string; postalCode: string; country: string };
}

const places: readonly Place[] = [
  {
    country: 'US',
    timezone: 'America/New_York',
    address: { street: '20 W 34th St', city: 'New York', state: 'NY', postalCode: '10001', country: 'US' },
  },
  {
    country: 'US',
    timezone: 'America/Los_Angeles',
    address: { street: '185 Berry St', city: 'San Francisco', state: 'CA', postalCode: '94107', country: 'US' },
  },
  { country: 'FR', timezone: 'Europe/Paris', address: { street: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' } },
  {
    country: 'DE',
    timezone: 'Europe/Berlin',
    address: { street: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  },
  { country: 'JP', timezone: 'Asia/Tokyo', address: { street: '1-1 Marunouchi', city: 'Tokyo', postalCode: '100-0005', country: 'JP' } },
  {
    country: 'AU',
    timezone: 'Australia/Sydney',
    address: { street: '1 Martin Pl', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'AU' },
  },
];

const HOUR = 3_600_000;

/** The place of a country, for a story that happens only there (double opt-in in Germany). */
export function placeIn(country: string): Place {
  const place = places.find((candidate) => candidate.country === country);
  if (!place) throw new Error(`no simulated place in ${country}`);
  return place;
}

/** The places where the local clock shows 09:00–18:00 at `now` (there always are some). */
export function daytimePlaces(now: Date): Place[] {
  const awake = places.filter((place) => {
    const local = localTimeOfDayMs(now, place.timezone);
    return local >= 9 * HOUR && local < 18 * HOUR;
  });
  return awake.length > 0 ? awake : [...places];
}
