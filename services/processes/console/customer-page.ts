/**
 * `/customers/:id`: one customer's story, as `journeys customer show` tells it (workflow
 * state, consent, assignments, every message with its outcome, value and RFM, segments,
 * loyalty) with their profile and their journey entries beside it.
 */
import { formatMoney } from '../../../schemas/primitives.ts';
import type { CustomerValue } from '../../platform/db/customer-value.ts';
import { count, day, outcomeBadge, when } from './format.ts';
import { html, type Html } from './html.ts';
import { journeyPath } from './journeys-page.ts';
import { dataTable, figures, page } from './layout.ts';
import type { CustomerView } from './reads.ts';

export const customerPath = (customerId: string) => `/customers/${encodeURIComponent(customerId)}`;

const facts = (rows: [string, string | Html | null | undefined][]) =>
  html`<dl class="facts">
    ${rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd>${value}</dd>`,
      )}
  </dl>`;

/** A trait's value as text: strings as they are, anything else as JSON. */
const traitText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function profileCard({ profile, report }: CustomerView): Html {
  if (!profile)
    return html`<div class="card">
      <h2>Profile</h2>
      <p class="empty">No profile: no identify call or trait has arrived for this id.</p>
    </div>`;
  const { firstName, lastName, ...traits } = profile.traits;
  const name = [firstName, lastName].filter((part) => typeof part === 'string').join(' ');
  const address =
    profile.address && typeof profile.address === 'object'
      ? Object.values(profile.address as Record<string, unknown>)
          .filter((part) => typeof part === 'string' && part !== '')
          .join(', ')
      : null;
  const others = Object.entries(traits).slice(0, 20);
  return html`<div class="card">
    <h2>Profile</h2>
    ${facts([
      ['Name', name || null],
      ['Email', profile.email],
      ['Phone', profile.phone],
      ['Address', address],
      ['Time zone', profile.timeZone],
      ['Stage', report.workflow?.lifecycleStage],
    ])}
    ${
      others.length === 0
        ? ''
        : html`<h3>Traits</h3>
            ${facts(others.map(([key, value]) => [key, traitText(value)]))}`
    }
  </div>`;
}

function valueCard(value: CustomerValue | null, shopCurrency: string): Html {
  if (!value || value.orders === 0)
    return html`<div class="card">
      <h2>Value</h2>
      <p class="empty">No orders yet.</p>
    </div>`;
  const money = (minor: number | null) => (minor === null ? '–' : formatMoney({ amount: minor, currency: value.currency ?? shopCurrency }));
  const s = value.scores;
  return html`<div class="card">
    <h2>Value</h2>
    ${facts([
      ['Orders', count(value.orders)],
      ['Net revenue', money(value.netRevenue)],
      ['Average order', money(value.averageOrderValue)],
      ['First order', value.firstOrderAt ? day(value.firstOrderAt) : null],
      ['Last order', value.lastOrderAt ? day(value.lastOrderAt) : null],
      ['Not valued', value.unconvertedOrders > 0 ? `${value.unconvertedOrders} orders in a currency without a rate` : null],
    ])}
    <h3>RFM and lifetime value</h3>
    ${
      s
        ? facts([
            [
              'RFM',
              html`<strong>${s.rfmCell}</strong>
                ${s.rfmGroup}${s.bottom20 ? html` <span class="badge bad">bottom 20%: no marketing</span>` : ''}`,
            ],
            ['Value now', `${s.currentValueScore}/5, potential ${s.potentialValueScore}/5`],
            [
              'Buys every',
              s.purchaseLatencyDays === null
                ? 'unknown'
                : `${Math.round(s.purchaseLatencyDays)} days${s.latencySource && s.latencySource !== 'own' ? ` (their ${s.latencySource}'s)` : ''}`,
            ],
            [
              'Predicted, 12 months',
              s.predictedValue === null ? null : `${money(s.predictedValue)} over ${(s.predictedOrders ?? 0).toFixed(1)} orders`,
            ],
            ['Still active', s.probabilityAlive === null ? null : `${Math.round(s.probabilityAlive * 100)}%`],
            ['Computed', when(s.computedAt)],
          ])
        : html`<p class="empty">Not computed yet (the nightly recompute, or <code>journeys metrics recompute</code>).</p>`
    }
  </div>`;
}

function loyaltyCard({ report }: CustomerView): Html {
  const { loyalty, segments } = report;
  return html`<div class="card">
    <h2>Loyalty</h2>
    ${facts([
      ['Points', count(loyalty.balance)],
      ['Tier', loyalty.tier ?? 'none'],
      ['Next to expire', loyalty.nextExpiry ? `${count(loyalty.nextExpiry.points)} on ${loyalty.nextExpiry.at.slice(0, 10)}` : null],
    ])}
    <h3>Segments</h3>
    ${
      segments.ids.length === 0
        ? html`<p class="empty">In no segment.</p>`
        : html`<ul class="chips">
            ${segments.ids.map((id) => html`<li class="chip">${id}</li>`)}
          </ul>`
    }
    ${segments.customerId === report.customerId ? '' : html`<p class="muted">Those of <a href="${customerPath(segments.customerId)}">${segments.customerId}</a>, which this id was merged into.</p>`}
    <h3>Consent</h3>
    ${
      report.consent.length === 0
        ? html`<p class="empty">None recorded: no marketing is sent.</p>`
        : html`<ul class="chips">
            ${report.consent.map(
              (row) =>
                html`<li class="chip" title="since ${when(row.changedAt)}">
                  ${row.channel} ${row.purpose}
                  <span class="badge ${row.granted ? 'good' : 'bad'}">${row.granted ? 'granted' : 'revoked'}</span>
                </li>`,
            )}
          </ul>`
    }
  </div>`;
}

function journeysCard({ report, entries }: CustomerView): Html {
  const workflow = report.workflow;
  const assignments = new Map(report.assignments.map((row) => [row.journeyId, row]));
  const entered = Object.entries(workflow?.journeyEntries ?? {});
  return html`<section class="section card" id="journeys">
    <h2>Journeys</h2>
    <h3>In now</h3>
    ${
      !workflow || workflow.activeJourneys.length === 0
        ? html`<p class="empty">
            ${
              workflow
                ? 'In no journey now.'
                : report.workflowProblem
                  ? 'Unknown: the customer workflow did not answer.'
                  : 'None: no event of theirs has reached Temporal.'
            }
          </p>`
        : html`<ul class="chips">
            ${workflow.activeJourneys.map(
              (active) =>
                html`<li class="chip">
                  <a href="${journeyPath(active.journeyId)}">${active.journeyId}</a><span class="muted">${active.key ?? ''}</span>
                </li>`,
            )}
          </ul>`
    }
    ${
      entered.length === 0
        ? ''
        : html`<h3>Entered, over their lifetime</h3>
            <ul class="chips">
              ${entered.map(
                ([journeyId, times]) =>
                  html`<li class="chip"><a href="${journeyPath(journeyId)}">${journeyId}</a><strong>×${count(times.count)}</strong></li>`,
              )}
            </ul>`
    }
    <h3>Entries</h3>
    ${
      entries.length === 0
        ? html`<p class="empty">No journey entry recorded.</p>`
        : dataTable(
            ['Entered (UTC)', 'Journey', 'Group', 'Where, or how it ended'],
            entries.map((entry) => {
              const variant = entry.variant ?? assignments.get(entry.journeyId)?.variant;
              return [
                when(entry.enteredAt),
                html`<a href="${journeyPath(entry.journeyId)}">${entry.journeyId}</a>`,
                html`<span class="badge ${entry.arm === 'holdout' ? '' : 'info'}">${entry.arm}</span
                  >${variant ? html` <span class="muted">variant ${variant}</span>` : ''}`,
                entry.ended
                  ? html`${entry.exitReason ?? entry.ended} <span class="muted">${when(entry.endedAt!)}</span>`
                  : html`<span class="badge good">in it</span> at ${entry.currentStep}`,
              ];
            }),
            'entries',
          )
    }
  </section>`;
}

function messagesCard({ report }: CustomerView): Html {
  return html`<section class="section card" id="messages">
    <h2>Messages <span class="muted">${count(report.messages.length)}</span></h2>
    ${
      report.messages.length === 0
        ? html`<p class="empty">No message was sent or skipped for this customer.</p>`
        : dataTable(
            ['When (UTC)', 'Journey', 'Step', 'Channel', 'Outcome', 'Why', figures('Cost')],
            [...report.messages]
              .reverse()
              .map((message) => [
                when(message.at),
                html`<a href="${journeyPath(message.journeyId)}">${message.journeyId}</a>`,
                message.step,
                message.channel,
                outcomeBadge(message.status),
                message.reason ?? '',
                message.cost ?? '',
              ]),
            'messages',
          )
    }
  </section>`;
}

export function customerPage(view: CustomerView): string {
  const { report } = view;
  const workflow = report.workflow;
  const body = html` <div class="crumbs">Customer</div>
    <div class="page-head">
      <h1 data-customer="${report.customerId}">${report.customerId}</h1>
      ${workflow ? html`<span class="badge info">${workflow.lifecycleStage}</span>` : ''}
      <a href="${report.webUiUrl}">Workflows in the Temporal Web UI</a>
    </div>
    ${workflow?.mergedInto ? html`<p class="lede">Merged into <a href="${customerPath(workflow.mergedInto)}">${workflow.mergedInto}</a>: its journeys and later events are there.</p>` : ''}
    ${workflow && (workflow.mergedFrom ?? []).length > 0 ? html`<p class="lede">Also known as ${(workflow.mergedFrom ?? []).map((id, i) => html`${i > 0 ? ', ' : ''}<a href="${customerPath(id)}">${id}</a>`)}.</p>` : ''}
    ${report.workflowProblem ? html`<p class="lede"><span class="badge warn">workflow</span> ${report.workflowProblem}</p>` : ''}
    ${workflow ? html`<p class="lede">${count(workflow.eventsApplied)} events applied by the customer workflow.</p>` : ''}
    <section class="section grid three">${profileCard(view)} ${valueCard(report.value, report.shopCurrency)} ${loyaltyCard(view)}</section>
    ${journeysCard(view)} ${messagesCard(view)}`;
  return page({ title: `Customer ${report.customerId}`, body, search: report.customerId });
}
