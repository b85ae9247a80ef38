/** Figures, times and badges as the console's pages write them. */
import type { Comparison } from '../../platform/analytics/journey-report.ts';
import { amount } from '../../platform/analytics/report-format.ts';
import type { JourneyState } from '../../platform/db/journey-controls.ts';
import { html, type Html } from './html.ts';

export const count = (n: number) => n.toLocaleString('en');

/** UTC, to the minute: 2026-12-05 14:03. */
export const when = (at: Date | string) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

export const day = (at: Date | string) => new Date(at).toISOString().slice(0, 10);

/** Two significant digits, as the verdicts write them. */
export const pValue = (p: number | null) => (p === null ? '–' : p < 0.0001 ? '< 0.0001' : String(Number(p.toPrecision(2))));

/** +€1.20 or −€1.20 (a minus sign, not a hyphen). */
export const signedMoney = (value: number | null, currency: string) =>
  value === null ? '–' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${amount(Math.abs(value), currency)}`;

const stateTone: Record<JourneyState, string> = { active: 'good', paused: 'warn', stopped: 'bad' };

export const stateBadge = (state: JourneyState) => html`<span class="badge ${stateTone[state]}" data-state="${state}">${state}</span>`;

/** What the comparison says, in a word: the sentence beside it says it in full. */
export function verdictBadge(comparison: Pick<Comparison, 'conversion'> | null): Html {
  if (comparison === null) return html`<span class="badge">no holdout</span>`;
  const { conversion } = comparison;
  if (conversion.pValue === null || conversion.difference === null) return html`<span class="badge">too early</span>`;
  if (conversion.significant)
    return conversion.difference > 0 ? html`<span class="badge good">works</span>` : html`<span class="badge bad">hurts</span>`;
  return html`<span class="badge warn">not significant</span>`;
}

const outcomeTone: Record<string, string> = { sent: 'good', sending: 'info', skipped: 'warn', failed: 'bad', cancelled: '' };

export const outcomeBadge = (status: string) => html`<span class="badge ${outcomeTone[status] ?? ''}">${status}</span>`;
