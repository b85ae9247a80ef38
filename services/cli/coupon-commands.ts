/** `journeys coupons …`: coupon pools for journeys that offer codes (journey.offerCoupon). */
import { readFileSync } from 'node:fs';
import { CountryCode } from '../../schemas/primitives.ts';
import type { Config } from '../platform/config.ts';
import { addCouponCodes, couponPoolStatus, createCouponPool, generateCouponCodes } from '../platform/db/coupons.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb, type Db } from '../platform/db/pool.ts';
import { UsageError } from './usage-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** The migrated database for one command; `poolId`, when given, must name an existing pool. */
async function withPools<T>(config: Config, poolId: string | null, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    if (poolId !== null && !(await couponPoolStatus(db, poolId))) throw new UsageError(`no coupon pool "${poolId}"; create it first`);
    return await work(db);
  } finally {
    await db.end();
  }
}

/** A whole number, 1 or more; `name` is the argument's, for the refusal. */
function positiveWholeNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${name} must be a whole number, 1 or more, not "${value}"`);
  return number;
}

export async function createPoolCommand(
  config: Config,
  pool: { poolId: string; discount: string; days: string; countries: string | undefined },
): Promise<void> {
  const { poolId, discount } = pool;
  if (!discount) throw new UsageError('"<discount>" is empty');
  const validDays = positiveWholeNumber('<valid days>', pool.days);
  const countries = pool.countries ? pool.countries.split(',').map((country) => country.trim().toUpperCase()) : null;
  const badCountry = countries?.find((country) => !CountryCode.safeParse(country).success);
  if (badCountry) throw new UsageError(`"${badCountry}" is not an ISO 3166 country code such as FR`);
  await withPools(config, null, (db) => createCouponPool(db, { poolId, discount, validDays, countries }));
  print(
    `pool ${poolId}: ${discount}, valid ${validDays} days from assignment, ${countries ? `for ${countries.join(', ')}` : 'everywhere'}`,
  );
}

export async function generateCodesCommand(config: Config, poolId: string, count: string, prefix = ''): Promise<void> {
  const codes = generateCouponCodes(prefix, positiveWholeNumber('<count>', count));
  print(`added ${await withPools(config, poolId, (db) => addCouponCodes(db, poolId, codes))} code(s) to ${poolId}`);
}

export async function addCodesCommand(config: Config, poolId: string, file: string): Promise<void> {
  const codes = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  print(`added ${await withPools(config, poolId, (db) => addCouponCodes(db, poolId, codes))} code(s) to ${poolId}`);
}

export async function poolStatusCommand(config: Config, poolId: string): Promise<void> {
  const status = await withPools(config, null, (db) => couponPoolStatus(db, poolId));
  if (!status) throw new UsageError(`no coupon pool "${poolId}"`);
  print(`${poolId}: ${status.free} free, ${status.assigned} assigned, ${status.redeemed} redeemed`);
}
