/**
 * `npm run console:screenshots [-- --journey <id>]`: the console on the local stack's data,
 * photographed in Debian's chromium at 1280×900 (full page) for the README:
 * docs/console-journeys.png (the journeys) and docs/console-journey.png (one journey; the
 * busiest one with a holdout unless --journey names it). Uses CONSOLE_TOKEN, or one made
 * for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import type { JourneyView } from '../processes/console/reads.ts';
import { startConsole } from '../processes/console/console.ts';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The journey whose page shows the most: the most entries with a holdout to compare, else the most entries. */
function busiest(views: JourneyView[]): string {
  const byEntries = [...views].sort((a, b) => b.report.funnel.entered - a.report.funnel.entered);
  return (byEntries.find((view) => view.report.lift && view.report.holdout.customers > 0) ?? byEntries[0])?.report.journeyId ?? 'welcome';
}

const { values } = parseArgs({ options: { journey: { type: 'string' } } });
const config = loadConfig();
const token = config.console.token ?? randomBytes(24).toString('base64url');
const running = await startConsole(config, createLogger('warn'), { token, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${running.url}/?token=${token}`);
  const journeyId = values.journey ?? busiest((await page.evaluate(async () => (await fetch('/api/journeys')).json())) as JourneyView[]);
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: `${docs}console-journeys.png`, fullPage: true });
  await page.goto(`${running.url}/journeys/${encodeURIComponent(journeyId)}?window=30d`);
  await page.screenshot({ path: `${docs}console-journey.png`, fullPage: true });
  say(`wrote docs/console-journeys.png and docs/console-journey.png (${journeyId})`);
  if (problems.length > 0) {
    say(`the browser reported:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await running.stop();
}
