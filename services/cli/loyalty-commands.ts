/** `journeys loyalty show <customer>`: a customer's points, what expires when, their tier and history. */
import type { TierOutlook } from '../../schemas/loyalty.ts';
import type { Config } from '../platform/config.ts';
import { customerIdNow } from '../platform/db/customers.ts';
import { readLoyaltyStatement, readTierOutlook, type LoyaltyStatement } from '../platform/loyalty/ledger.ts';
import type { LoyaltyRules } from '../platform/loyalty/program-rules.ts';
import { withDb } from './connections.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);
const day = (iso: string) => iso.slice(0, 10);
const count = (n: number) => n.toLocaleString('en-US');

export interface LoyaltyReport {
  /** The id asked about, and the customer it is now (merged ids show their customer's points). */
  asked: string;
  statement: LoyaltyStatement;
  outlook: TierOutlook;
}

export async function loyaltyShowCommand(config: Config, asked: string, format: 'table' | 'json', now = new Date()): Promise<void> {
  const report = await withDb(config, async (db) => {
    const customerId = await customerIdNow(db, asked);
    const [statement, outlook] = await Promise.all([
      readLoyaltyStatement(db, customerId, now),
      readTierOutlook(db, customerId, config.loyalty, now),
    ]);
    return { asked, statement, outlook };
  });
  print(format === 'json' ? JSON.stringify(report, null, 2) : formatLoyaltyReport(report, config.loyalty));
}

export function formatLoyaltyReport({ asked, statement, outlook }: LoyaltyReport, rules: LoyaltyRules): string {
  const { customerId, balance, lifetimePoints, tier, tierSince, lots, history } = statement;
  const unit = rules.tierBasis === 'points' ? 'points' : 'in orders (shop currency)';
  const lines = [
    `customer ${customerId}${customerId === asked ? '' : ` (${asked} was merged into it)`}`,
    `  balance      ${count(balance)} points (${count(lifetimePoints)} earned in all, net of refunds)`,
    `  tier         ${tier ?? 'none'}${tierSince ? ` since ${day(tierSince)}` : ''}; ${count(outlook.qualifying)} ${unit} over the last 12 months`,
  ];
  if (outlook.heldUntil && outlook.neededToKeep !== null)
    lines.push(`               held until ${day(outlook.heldUntil)} unless ${count(outlook.neededToKeep)} more ${unit} come before`);
  if (outlook.nextTier) lines.push(`               ${outlook.nextTier.name} needs ${count(outlook.nextTier.needed)} more`);
  lines.push('  expiring (oldest first, as points are spent)');
  for (const lot of lots) {
    const what = lot.orderId ? `${lot.reason} ${lot.orderId}` : lot.reason;
    lines.push(`    ${day(lot.expiresAt)}  ${count(lot.remaining)} of ${count(lot.points)}  ${what}, earned ${day(lot.earnedAt)}`);
  }
  if (lots.length === 0) lines.push('    nothing');
  lines.push('  history (newest first)');
  for (const entry of history) {
    const points = entry.points > 0 ? `+${count(entry.points)}` : count(entry.points);
    lines.push(`    ${day(entry.at)}  ${entry.kind.padEnd(10)}  ${points.padStart(7)}${entry.about ? `  ${entry.about}` : ''}`);
  }
  if (history.length === 0) lines.push('    none');
  return lines.join('\n');
}
