/** `journeys referrals …`: a customer's referral link, and the program's ROI. */
import { formatMoney } from '../../schemas/primitives.ts';
import type { Config } from '../platform/config.ts';
import { referralCodeOf, referralLink } from '../platform/referrals/referral-codes.ts';
import { referralRoiReport, type ReferralRoiRow } from '../platform/referrals/roi.ts';
import { REFERRAL_WELCOME_POOL } from '../../workflows/journeys/referral-welcome.ts';
import { withDb } from './connections.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function referralLinkCommand(config: Config, customerId: string): Promise<void> {
  const code = await withDb(config, (db) => referralCodeOf(db, customerId));
  print(`${customerId}: code ${code}, link ${referralLink(config.links.shopUrl, code)}`);
}

const columns = ['month', 'tier', 'referrers', 'invites', 'conversions', 'k', 'ltv', 'reward', 'roi'] as const;

export async function referralReportCommand(config: Config, options: { since: Date; format: 'table' | 'json' | 'csv' }): Promise<void> {
  const rows = await withDb(config, (db) => referralRoiReport(db, { since: options.since, welcomePool: REFERRAL_WELCOME_POOL }));
  if (options.format === 'json') {
    print(JSON.stringify(rows, null, 2));
    return;
  }
  if (options.format === 'csv') {
    print(columns.join(','));
    for (const row of rows) print(columns.map((column) => row[column] ?? '').join(','));
    return;
  }
  if (rows.length === 0) {
    print(`no referral sent or rewarded since ${options.since.toISOString().slice(0, 10)}`);
    return;
  }
  const money = (amount: number | null) =>
    amount === null ? '-' : formatMoney({ amount: Math.round(amount), currency: config.shopCurrency.code });
  const cells = (row: ReferralRoiRow) => [
    row.month,
    row.tier,
    String(row.referrers),
    String(row.invites),
    String(row.conversions),
    row.k === null ? '-' : row.k.toFixed(2),
    money(row.ltv),
    money(row.reward),
    row.roi === null ? '-' : `${(row.roi * 100).toFixed(0)}%`,
  ];
  const table = [[...columns], ...rows.map(cells)];
  const widths = columns.map((_, index) => Math.max(...table.map((line) => line[index]!.length)));
  for (const line of table) print(line.map((cell, index) => cell.padEnd(widths[index]!)).join('  '));
  print(
    "\nROI = ((LTV × (1 + k)) − reward) / reward; k = invites per referrer × conversion rate; reward = the tier's reward + the friend's incentive",
  );
}
