/** `journeys coupons …`: coupon pools for journeys that offer codes (journey.offerCoupon). */
import { readFileSync } from 'node:fs';
import { CountryCode } from '../../schemas/primitives.ts';
import type { Config } from '../config.ts';
import { addCouponCodes, couponPoolStatus, createCouponPool, generateCouponCodes } from '../db/coupons.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { UsageError } from './usage-error.ts';

const usage = `usage:
  journeys coupons create <pool> "<discount>" <valid days> [<country>,…]   e.g. create welcome-first-order "10% off" 30 FR,BE
  journeys coupons generate <pool> <count> [<prefix>]                      unguessable single-use codes
  journeys coupons add <pool> <file>                                        the shop's own codes, one per line
  journeys coupons status <pool>                                            codes free, assigned, redeemed`;

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function couponsCommand(config: Config, [action, poolId, ...args]: string[]): Promise<void> {
  if (!action || !poolId) throw new UsageError(usage);
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    if (action === 'create') {
      const [discount, days, countries] = args;
      const validDays = Number(days);
      const countryList = countries ? countries.split(',').map((country) => country.trim().toUpperCase()) : null;
      if (!discount || !Number.isInteger(validDays) || validDays < 1) throw new UsageError(usage);
      const badCountry = countryList?.find((country) => !CountryCode.safeParse(country).success);
      if (badCountry) throw new UsageError(`"${badCountry}" is not an ISO 3166 country code such as FR`);
      await createCouponPool(db, { poolId, discount, validDays, countries: countryList });
      print(`pool ${poolId}: ${discount}, valid ${validDays} days from assignment, ${countryList ? `for ${countryList.join(', ')}` : 'everywhere'}`);
      return;
    }
    const status = await couponPoolStatus(db, poolId);
    if (!status) throw new UsageError(`no coupon pool "${poolId}"; create it first\n${usage}`);
    if (action === 'generate' || action === 'add') {
      const codes =
        action === 'generate'
          ? generateCouponCodes(args[1] ?? '', Number(args[0]))
          : readFileSync(args[0] ?? '', 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
      if (action === 'generate' && !(Number(args[0]) > 0)) throw new UsageError(usage);
      print(`added ${await addCouponCodes(db, poolId, codes)} code(s) to ${poolId}`);
      return;
    }
    if (action === 'status') {
      print(`${poolId}: ${status.free} free, ${status.assigned} assigned, ${status.redeemed} redeemed`);
      return;
    }
    throw new UsageError(usage);
  } finally {
    await db.end();
  }
}
