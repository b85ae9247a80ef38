/**
 * `/`: every journey, with its state, who is in it now (per step, each a link into the
 * Temporal Web UI) and what its last 30 days of entries did. Journeys that had entries come
 * first, as cards; the others follow in one table, with who is in them now.
 */
import { amount, percent, points } from '../../platform/analytics/report-format.ts';
import { count, stateBadge, verdictBadge } from './format.ts';
import { html, type Html } from './html.ts';
import { dataTable, page } from './layout.ts';
import { SUMMARY_DAYS, type JourneyView } from './reads.ts';

export const journeyPath = (journeyId: string, days?: number) =>
  `/journeys/${encodeURIComponent(journeyId)}${days === undefined ? '' : `?window=${days}d`}`;

function nowInJourney({ status }: JourneyView): Html {
  if (status.steps.length === 0) return html`<span class="muted">Nobody in it now.</span>`;
  return html`<ul class="chips">
    ${status.steps.map(
      (step) =>
        html`<li class="chip">
          <a href="${step.webUiUrl}" title="These customers in the Temporal Web UI">${step.step}</a
          ><strong>${count(step.customers)}</strong>
        </li>`,
    )}
  </ul>`;
}

const figure = (label: string, value: string, note?: string | Html) =>
  html`<div class="figure">
    <div class="label">${label}</div>
    <div class="value">${value}</div>
    ${note ? html`<div class="note">${note}</div>` : ''}
  </div>`;

function journeyCard(view: JourneyView): Html {
  const { report, status } = view;
  const lift = report.lift;
  return html`<article class="card journey-card" data-journey="${report.journeyId}">
    <header>
      <h2><a href="${journeyPath(report.journeyId)}">${report.journeyId}</a></h2>
      ${stateBadge(status.state)}
    </header>
    <div class="figures">
      ${figure('Entered', count(report.funnel.entered))}
      ${figure('Converted', count(report.funnel.converted), percent(report.funnel.converted / report.funnel.entered))}
      ${figure('Revenue', amount(report.funnel.revenue, report.currency))}
      ${figure('Lift', lift ? points(lift.conversion.difference) : '–', verdictBadge(lift))}
    </div>
    <p class="verdict">${lift ? lift.verdict : 'This journey holds nobody out, so its lift is not measured.'}</p>
    <div class="now"><strong>Now</strong> · ${count(status.running)} in the journey ${nowInJourney(view)}</div>
  </article>`;
}

export function journeysPage(views: JourneyView[]): string {
  const busy = views.filter((view) => view.report.funnel.entered > 0);
  const idle = views.filter((view) => !busy.includes(view));
  const total = (pick: (view: JourneyView) => number) => views.reduce((sum, view) => sum + pick(view), 0);
  const currency = views[0]?.report.currency ?? 'USD';
  const body = html` <div class="page-head"><h1>Journeys</h1></div>
    <p class="lede">Entries of the last ${SUMMARY_DAYS} days and what they earned; who is in each journey now, from Temporal.</p>
    <div class="tiles">
      <div class="tile">
        <div class="label">Entered</div>
        <div class="value">${count(total((view) => view.report.funnel.entered))}</div>
      </div>
      <div class="tile">
        <div class="label">Converted</div>
        <div class="value">${count(total((view) => view.report.funnel.converted))}</div>
      </div>
      <div class="tile">
        <div class="label">Revenue attributed</div>
        <div class="value">
          ${amount(
            total((view) => view.report.funnel.revenue),
            currency,
          )}
        </div>
      </div>
      <div class="tile">
        <div class="label">In journeys now</div>
        <div class="value">${count(total((view) => view.status.running))}</div>
      </div>
    </div>
    <section class="section grid cards">${busy.map(journeyCard)}</section>
    ${busy.length === 0 ? html`<p class="empty section">No journey had entries in the last ${SUMMARY_DAYS} days.</p>` : ''}
    ${
      idle.length === 0
        ? ''
        : html`<section class="section card">
            <h2>No entries in ${SUMMARY_DAYS} days</h2>
            ${dataTable(
              ['Journey', 'State', 'Now'],
              idle.map((view) => [
                html`<a href="${journeyPath(view.report.journeyId)}">${view.report.journeyId}</a>`,
                stateBadge(view.status.state),
                nowInJourney(view),
              ]),
              'idle-journeys',
            )}
          </section>`
    }`;
  return page({ title: 'Journeys', body });
}
