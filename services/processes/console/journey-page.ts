/**
 * `/journeys/:id?window=30d`: what a journey earns over a window of entries, as charts a
 * person reads at a glance (the funnel, the lift with its 95% interval, daily conversions,
 * what happened at each step) and the figures behind them (treated against holdout, the A/B
 * readout, conversions by step, exits, who is in it now).
 */
import type { Comparison, JourneyReport } from '../../platform/analytics/journey-report.ts';
import { amount, percent, points } from '../../platform/analytics/report-format.ts';
import type { AnyJourney } from '../../../workflows/lib/journey-descriptor.ts';
import { count, day, pValue, signedMoney, stateBadge, verdictBadge } from './format.ts';
import { html, type Html } from './html.ts';
import { journeyPath } from './journeys-page.ts';
import { dataTable, figures, page } from './layout.ts';
import type { JourneyView } from './reads.ts';

/** The windows the selector offers; any whole number of days up to MAX_WINDOW_DAYS is read. */
export const WINDOWS = [7, 30, 60, 90] as const;
export const MAX_WINDOW_DAYS = 365;

/** One comparison's estimate and 95% interval, as the interval charts draw it. */
export interface IntervalBar {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** The page's chart data (#console-data), drawn by assets/console.js. */
export interface JourneyCharts {
  kind: 'journey';
  currency: string;
  funnel: { labels: string[]; values: number[]; kinds: ('entered' | 'sent' | 'clicked' | 'converted')[] };
  /** Differences in conversion in percentage points; in revenue per customer in the shop's currency. */
  lift: { conversion: IntervalBar[]; revenue: IntervalBar[] };
  abTests: { conversion: IntervalBar[] };
  daily: { labels: string[]; treated: number[]; holdout: number[] };
  steps: { labels: string[]; series: { label: string; kind: 'sent' | 'skipped' | 'failed' | 'cancelled'; values: number[] }[] };
}

const DAY = 86_400_000;

function intervalBar(label: string, comparison: Comparison['conversion'] | Comparison['revenue'], scale: number): IntervalBar[] {
  if (comparison.difference === null || comparison.interval === null) return [];
  return [
    {
      label,
      estimate: comparison.difference * scale,
      lower: comparison.interval.lower * scale,
      upper: comparison.interval.upper * scale,
    },
  ];
}

export function journeyCharts(report: JourneyReport): JourneyCharts {
  const { funnel } = report;
  // Every day of the window, its first (part) day to its last, with or without conversions.
  const days = Array.from({ length: report.window.days + 1 }, (_, i) => day(new Date(Date.parse(report.window.from) + i * DAY)));
  const daily = new Map(report.daily.map((row) => [row.day, row]));
  const stepValues = (pick: (step: JourneyReport['funnel']['steps'][number]) => number) => funnel.steps.map(pick);
  const reasons = [...new Set(funnel.steps.flatMap((step) => Object.keys(step.skipped)))].sort();
  const series: JourneyCharts['steps']['series'] = [
    { label: 'sent', kind: 'sent' as const, values: stepValues((step) => step.sent) },
    ...reasons.map((reason) => ({
      label: `skipped: ${reason}`,
      kind: 'skipped' as const,
      values: stepValues((step) => step.skipped[reason] ?? 0),
    })),
    { label: 'failed', kind: 'failed' as const, values: stepValues((step) => step.failed) },
    { label: 'cancelled', kind: 'cancelled' as const, values: stepValues((step) => step.cancelled) },
  ].filter((one) => one.values.some((value) => value > 0));
  return {
    kind: 'journey',
    currency: report.currency,
    funnel: {
      labels: ['Entered', ...funnel.steps.map((step) => `${step.step} sent`), 'Clicked', 'Converted'],
      values: [funnel.entered, ...funnel.steps.map((step) => step.sent), funnel.clicked, funnel.converted],
      kinds: ['entered', ...funnel.steps.map(() => 'sent' as const), 'clicked', 'converted'],
    },
    lift: {
      conversion: report.lift ? intervalBar('Treated vs holdout', report.lift.conversion, 100) : [],
      revenue: report.lift ? intervalBar('Treated vs holdout', report.lift.revenue, 1) : [],
    },
    abTests: { conversion: report.abTests.flatMap((test) => intervalBar(`${test.variant} vs ${test.control}`, test.conversion, 100)) },
    daily: {
      labels: days,
      treated: days.map((one) => daily.get(one)?.treated ?? 0),
      holdout: days.map((one) => daily.get(one)?.holdout ?? 0),
    },
    steps: { labels: funnel.steps.map((step) => step.step), series },
  };
}

const chart = (name: string, label: string, size = '') =>
  html`<div class="chart ${size}"><canvas data-chart="${name}" role="img" aria-label="${label}">${label}</canvas></div>`;

const tile = (label: string, value: string | Html, note?: string | Html) =>
  html`<div class="tile">
    <div class="label">${label}</div>
    <div class="value">${value}</div>
    ${note ? html`<div class="note">${note}</div>` : ''}
  </div>`;

const groupColumns = (first: string) => [
  first,
  figures('Customers'),
  figures('Converted'),
  figures('Conversion'),
  figures('Revenue'),
  figures('Per customer'),
];

const groupCells = (name: string | Html, group: JourneyReport['treated'], currency: string) => [
  name,
  count(group.customers),
  count(group.converted),
  percent(group.conversionRate),
  amount(group.revenue, currency),
  amount(group.revenuePerCustomer, currency),
];

function comparisonFacts(comparison: Comparison, currency: string): Html {
  const { conversion, revenue } = comparison;
  const interval = (bounds: { lower: number; upper: number } | null, show: (value: number) => string) =>
    bounds ? ` (95% CI ${show(bounds.lower)} to ${show(bounds.upper)})` : '';
  const relative =
    conversion.relativeLift === null
      ? ''
      : `, ${conversion.relativeLift >= 0 ? '+' : ''}${(conversion.relativeLift * 100).toFixed(0)}% relative`;
  return html`<dl class="facts">
    <dt>Conversion</dt>
    <dd>${points(conversion.difference)}${relative}${interval(conversion.interval, points)}, p = ${pValue(conversion.pValue)}</dd>
    <dt>Revenue per customer</dt>
    <dd>
      ${signedMoney(revenue.difference, currency)}${interval(revenue.interval, (value) => signedMoney(value, currency))}, Welch p =
      ${pValue(revenue.pValue)}
    </dd>
    <dt>Detectable at this size</dt>
    <dd>${comparison.minimumDetectableEffect === null ? '–' : points(comparison.minimumDetectableEffect).replace('+', '')} (80% power)</dd>
  </dl>`;
}

function liftSection(report: JourneyReport, journey: AnyJourney | undefined, charts: JourneyCharts): Html {
  const { lift, currency } = report;
  const table = dataTable(groupColumns('Group'), [
    groupCells(html`<span class="badge info">treated</span>`, report.treated, currency),
    groupCells(html`<span class="badge">holdout</span>`, report.holdout, currency),
  ]);
  if (!lift)
    return html`<section class="section card" id="lift">
      <h2>Lift</h2>
      <p class="empty">This journey holds nobody out, so its lift over doing nothing is not measured.</p>
      ${table}
    </section>`;
  const drawn = (bars: IntervalBar[], name: string, label: string) =>
    bars.length > 0 ? chart(name, label, 'short') : html`<p class="empty">No interval yet: a group has no customers in this window.</p>`;
  return html`<section class="section card" id="lift">
    <h2>Lift over the holdout ${verdictBadge(lift)}</h2>
    <p class="muted">
      ${journey?.holdout === undefined ? '' : `${percent(journey.holdout)} of entering customers are held out and get no messages. `}Bars
      are 95% confidence intervals of treated minus holdout; the diamond is the estimate, the dark line zero.
    </p>
    <div class="grid two">
      <div>
        <h3>Conversion rate, percentage points</h3>
        ${drawn(charts.lift.conversion, 'lift-conversion', 'Difference in conversion rate with its 95% interval')}
      </div>
      <div>
        <h3>Revenue per customer, ${currency}</h3>
        ${drawn(charts.lift.revenue, 'lift-revenue', 'Difference in revenue per customer with its 95% interval')}
      </div>
    </div>
    <p class="verdict-text" data-verdict="conversion"><strong>${lift.verdict}</strong></p>
    <p class="verdict-text" data-verdict="revenue">${lift.revenueVerdict}</p>
    ${table} ${comparisonFacts(lift, currency)}
    <p>
      <strong>Incremental revenue:</strong> ${signedMoney(lift.incrementalRevenue, currency)}
      <span class="muted">(the treated customers' revenue per customer above the holdout's, times the treated customers)</span>
    </p>
  </section>`;
}

function abSection(report: JourneyReport, journey: AnyJourney | undefined, charts: JourneyCharts): Html {
  if (report.variants.length === 0) {
    const planned = journey?.experiment
      ? `Experiment ${journey.experiment.id} (${journey.experiment.variants.map((variant) => variant.id).join(', ')}) has no treated entries in this window.`
      : 'No experiment on this journey.';
    return html`<section class="section card" id="ab">
      <h2>A/B test</h2>
      <p class="empty" data-ab="none">${planned}</p>
    </section>`;
  }
  const bars = charts.abTests.conversion;
  return html`<section class="section card" id="ab">
    <h2>A/B test${journey?.experiment ? html` <span class="muted">${journey.experiment.id}</span>` : ''}</h2>
    ${dataTable(
      groupColumns('Variant'),
      report.variants.map((variant) => groupCells(variant.variant, variant, report.currency)),
      'variants',
    )}
    ${
      bars.length > 0
        ? html`<h3>Conversion rate against ${report.abTests[0]?.control ?? 'the control'}, percentage points</h3>
            ${chart('ab-conversion', 'Difference in conversion rate of each variant with its 95% interval', 'short')}`
        : ''
    }
    ${report.abTests.map(
      (test) =>
        html`<h3>${test.variant} against ${test.control} ${verdictBadge(test)}</h3>
          <p><strong>${test.verdict}</strong></p>
          <p>${test.revenueVerdict}</p>
          ${comparisonFacts(test, report.currency)}`,
    )}
  </section>`;
}

function stepsSection(report: JourneyReport): Html {
  const { steps } = report.funnel;
  if (steps.length === 0)
    return html`<section class="section card" id="steps">
      <h2>What happened at each step</h2>
      <p class="empty">No step was decided for these entries yet.</p>
    </section>`;
  return html`<section class="section card" id="steps">
    <h2>What happened at each step</h2>
    ${chart('steps', 'Messages sent and skipped, by reason, at each step')}
    ${dataTable(
      ['Step', figures('Sent'), figures('Clicked'), 'Skipped, by reason', figures('Failed'), figures('Cancelled')],
      steps.map((step) => [
        step.step,
        count(step.sent),
        count(step.clicked),
        Object.keys(step.skipped).length === 0
          ? html`<span class="muted">none</span>`
          : html`${Object.entries(step.skipped)
              .sort(([, a], [, b]) => b - a)
              .map(([reason, n]) => html`<span class="chip">${reason} <strong>${count(n)}</strong></span> `)}`,
        count(step.failed),
        count(step.cancelled),
      ]),
      'steps',
    )}
  </section>`;
}

function outcomesSection(report: JourneyReport): Html {
  const exits = Object.entries(report.exits).sort(([, a], [, b]) => b - a);
  const ended = exits.reduce((sum, [, n]) => sum + n, 0);
  return html`<section class="section grid two">
    <div class="card" id="by-step">
      <h2>Conversions by step</h2>
      ${
        report.conversionsByStep.length === 0
          ? html`<p class="empty">No conversions in this window.</p>`
          : dataTable(
              ['Last step got', figures('Orders'), figures('Revenue')],
              report.conversionsByStep.map((row) => [row.step, count(row.conversions), amount(row.revenue, report.currency)]),
            )
      }
      <p class="muted">Each order goes to the last step its customer got before it (in the holdout, would have got).</p>
    </div>
    <div class="card" id="exits">
      <h2>Exits</h2>
      ${
        exits.length === 0
          ? html`<p class="empty">No entry of this window has ended.</p>`
          : dataTable(
              ['How it ended', figures('Customers'), figures('Share')],
              exits.map(([reason, n]) => [reason, count(n), percent(n / ended)]),
            )
      }
    </div>
  </section>`;
}

/** Who is in the journey now, per step, from Temporal: each step a link to those customers in the Web UI. */
function nowSection({ status }: JourneyView): Html {
  return html`<section class="section card" id="now">
    <h2>In the journey now</h2>
    <p>${stateBadge(status.state)} ${count(status.running)} customers, per step (links open them in the Temporal Web UI):</p>
    ${
      status.steps.length === 0
        ? html`<p class="empty">Nobody is in it now.</p>`
        : html`<ul class="chips">
            ${status.steps.map(
              (step) => html`<li class="chip"><a href="${step.webUiUrl}">${step.step}</a><strong>${count(step.customers)}</strong></li>`,
            )}
          </ul>`
    }
  </section>`;
}

export function journeyPage(view: JourneyView, journey: AnyJourney | undefined): string {
  const { report, status } = view;
  const { funnel, lift, currency } = report;
  const charts = journeyCharts(report);
  const windowLinks = WINDOWS.map(
    (days) =>
      html`<a href="${journeyPath(report.journeyId, days)}" aria-current="${days === report.window.days ? 'true' : 'false'}"
        >${days} days</a
      >`,
  );
  const body = html` <div class="crumbs"><a href="/">Journeys</a> /</div>
    <div class="page-head">
      <h1>${report.journeyId}</h1>
      ${stateBadge(status.state)}
      <nav class="window" aria-label="Window">${windowLinks}</nav>
    </div>
    <p class="lede">
      Entries from ${day(report.window.from)} to ${day(report.window.to)} (${report.window.days} days). An order within
      ${report.attributionWindow} of entering counts as a conversion; revenue is net of refunds, in ${currency}.
    </p>
    <div class="tiles">
      ${tile('Entered', count(funnel.entered))}
      ${tile('Converted', count(funnel.converted), funnel.entered === 0 ? undefined : `${percent(funnel.converted / funnel.entered)} of entries`)}
      ${tile('Revenue', amount(funnel.revenue, currency))}
      ${tile('Lift', lift ? points(lift.conversion.difference) : '–', lift ? verdictBadge(lift) : 'no holdout')}
      ${tile('Incremental revenue', lift ? signedMoney(lift.incrementalRevenue, currency) : '–')}
    </div>
    <section class="section card" id="funnel">
      <h2>Funnel</h2>
      ${funnel.entered === 0 ? html`<p class="empty">Nobody entered this journey in the window.</p>` : chart('funnel', 'Funnel: entered, each step sent, clicked, converted', 'tall')}
    </section>
    ${liftSection(report, journey, charts)} ${abSection(report, journey, charts)}
    <section class="section card" id="daily">
      <h2>Daily conversions</h2>
      <p class="muted">Orders credited to the journey, by the day they were placed: treated customers and the holdout.</p>
      ${chart('daily', 'Conversions per day, treated and holdout')}
    </section>
    ${stepsSection(report)} ${outcomesSection(report)} ${nowSection(view)}`;
  return page({ title: report.journeyId, body, chartData: charts });
}
