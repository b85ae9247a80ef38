/**
 * What the journey reports (services/platform/analytics/journey-report.ts) need to know of a
 * journey: its attribution window, whether it holds customers out, its variants in order
 * (the first is the control). The reports sit below the workflows, so callers that know
 * the registry (the CLI, the console) hand it over.
 */
import { durationMs } from './duration.ts';
import type { AnyJourney } from './journey-descriptor.ts';

export const DEFAULT_ATTRIBUTION_WINDOW = '7 days';

export function reportingOf(journey: AnyJourney) {
  const attributionWindow = journey.attributionWindow ?? DEFAULT_ATTRIBUTION_WINDOW;
  return {
    id: journey.id,
    attributionWindow,
    attributionWindowMs: durationMs(attributionWindow),
    holdsOut: (journey.holdout ?? 0) > 0,
    variants: journey.experiment?.variants.map((variant) => variant.id) ?? [],
  };
}
