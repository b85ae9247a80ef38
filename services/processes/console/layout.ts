/** The frame of every console page: the bar with the customer search, and the charts' scripts when a page has charts. */
import { html, jsonScript, type Html } from './html.ts';

export const assetPaths = {
  css: '/assets/console.css',
  script: '/assets/console.js',
  chartJs: '/assets/chart.umd.min.js',
} as const;

export interface PageOptions {
  title: string;
  body: Html;
  /** Data for the charts (read by assets/console.js from #console-data); no charts without. */
  chartData?: unknown;
  /** The customer id to show in the search box. */
  search?: string;
}

export function page({ title, body, chartData, search }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title} · Journeys console</title>
        <link rel="stylesheet" href="${assetPaths.css}" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Journeys console</a>
          <nav><a href="/">Journeys</a></nav>
          <form class="search" action="/customers" method="get" role="search">
            <input name="id" placeholder="Find a customer by id" aria-label="Customer id" required value="${search ?? ''}" />
            <button type="submit">Find</button>
          </form>
        </header>
        <main>${body}</main>
        ${
          chartData === undefined
            ? ''
            : html`${jsonScript('console-data', chartData)}
                <script src="${assetPaths.chartJs}"></script>
                <script src="${assetPaths.script}"></script>`
        }
      </body>
    </html> `.text;
}

/** A page with a heading and a sentence or two: not found, bad request, sign in. */
export const messagePage = (title: string, text: Html | string, search?: string) =>
  page({
    title,
    search,
    body: html`<div class="card sign-in">
      <h1>${title}</h1>
      ${typeof text === 'string' ? html`<p>${text}</p>` : text}
    </div>`,
  });

/** A column: its heading, and whether it holds figures (right-aligned). */
export type Column = string | { label: string; figures: true };

/** A table in a frame that scrolls sideways on a narrow screen; `name` marks it for tests (data-table). */
export function dataTable(columns: readonly Column[], rows: readonly (readonly (Html | string)[])[], name?: string): Html {
  const figures = columns.map((column) => typeof column !== 'string');
  const heading = (column: Column) => (typeof column === 'string' ? html`<th>${column}</th>` : html`<th class="num">${column.label}</th>`);
  return html`<div class="table-wrap"><table${name ? html` data-table="${name}"` : ''}>
    <thead><tr>${columns.map(heading)}</tr></thead>
    <tbody>${rows.map(
      (cells) =>
        html`<tr>
          ${cells.map((cell, i) => (figures[i] ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`))}
        </tr>`,
    )}</tbody>
  </table></div>`;
}

/** A column of figures. */
export const figures = (label: string): Column => ({ label, figures: true });
