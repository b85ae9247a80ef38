/** `journeys coupons …`: coupon pools for journeys that offer codes (journey.offerCoupon). */
import { readFileSync } from 'node:fs';
import { CountryCode, CurrencyCode, formatMoney, moneyFromDecimal } from '../../schemas/primitives.ts';
import type { Config } from '../platform/config.ts';
import {
  addCouponCodes,
  couponPoolStatus,
  couponRefusalsSince,
  createCouponPool,
  generateCouponCodes,
  type CouponPoolDefinition,
  type CouponPoolRules,
} from '../platform/db/coupons.ts';
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

/** `--name` values of `coupons create`, as typed. */
export type PoolOptions = Partial<
  Record<
    | 'from'
    | 'until'
    | 'products'
    | 'categories'
    | 'currency'
    | 'min-order'
    | 'percent'
    | 'amount'
    | 'cap'
    | 'uses-per-code'
    | 'uses-per-pool',
    string
  >
> & { stackable?: boolean };

const list = (text: string | undefined) =>
  text
    ? text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

function isoTime(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`--${name} must be a date or ISO time such as 2026-12-24, not "${value}"`);
  return time;
}

/** A decimal amount of `currency` as people type it ("50", "12.50") → minor units. */
function money(name: string, value: string | undefined, currency: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!currency) throw new UsageError(`--${name} needs --currency (e.g. --currency EUR)`);
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount <= 0) throw new UsageError(`--${name} must be an amount above 0 such as 12.50, not "${value}"`);
  return moneyFromDecimal(amount, currency).amount;
}

/** The pool's rules from the options, each checked as typed (the database would only say which constraint failed). */
export function poolRulesFrom(options: PoolOptions): CouponPoolRules {
  const currency = options.currency?.toUpperCase();
  if (currency !== undefined && !CurrencyCode.safeParse(currency).success)
    throw new UsageError(`--currency "${currency}" is not an ISO 4217 code such as EUR`);
  if (options.percent !== undefined && options.amount !== undefined) throw new UsageError('give --percent or --amount, not both');
  const percent = options.percent === undefined ? undefined : positiveWholeNumber('--percent', options.percent);
  if (percent !== undefined && percent > 100) throw new UsageError(`--percent must be 100 or less, not ${percent}`);
  const amount = money('amount', options.amount, currency);
  const validFrom = isoTime('from', options.from);
  const validUntil = isoTime('until', options.until);
  if (validFrom && validUntil && validUntil <= validFrom) throw new UsageError('--until must be after --from');
  const rules: CouponPoolRules = {
    validFrom,
    validUntil,
    productIds: list(options.products),
    categories: list(options.categories),
    currency,
    minOrderAmount: money('min-order', options['min-order'], currency),
    discountKind: percent !== undefined ? 'percent' : amount !== undefined ? 'amount' : undefined,
    discountValue: percent ?? amount,
    discountCap: money('cap', options.cap, currency),
    maxUsesPerCode: options['uses-per-code'] === undefined ? undefined : positiveWholeNumber('--uses-per-code', options['uses-per-code']),
    maxUsesPerPool: options['uses-per-pool'] === undefined ? undefined : positiveWholeNumber('--uses-per-pool', options['uses-per-pool']),
    stackable: options.stackable,
  };
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
}

/** The pool's rules in words, as `create` confirms them. */
function describePool(pool: CouponPoolDefinition): string {
  const amount = (minor: number) => formatMoney({ amount: minor, currency: pool.currency! });
  const parts = [
    pool.discount,
    pool.discountKind === 'percent'
      ? `${pool.discountValue}% off`
      : pool.discountKind === 'amount'
        ? `${amount(pool.discountValue!)} off`
        : 'discount applied by the shop',
    pool.discountCap ? `at most ${amount(pool.discountCap)}` : null,
    pool.productIds || pool.categories
      ? `on ${[...(pool.productIds ?? []), ...(pool.categories ?? []).map((category) => `category ${category}`)].join(', ')}`
      : null,
    pool.minOrderAmount ? `orders of ${amount(pool.minOrderAmount)} or more` : null,
    pool.validDays ? `valid ${pool.validDays} days from assignment` : null,
    pool.validFrom ? `from ${pool.validFrom.toISOString()}` : null,
    pool.validUntil ? `until ${pool.validUntil.toISOString()}` : null,
    pool.countries ? `for ${pool.countries.join(', ')}` : 'everywhere',
    `${pool.maxUsesPerCode ?? 1} use(s) per code`,
    pool.maxUsesPerPool ? `${pool.maxUsesPerPool} in all` : null,
    pool.stackable ? 'stacks with other codes' : 'does not stack',
  ];
  return parts.filter(Boolean).join(', ');
}

export async function createPoolCommand(
  config: Config,
  pool: { poolId: string; discount: string; days: string; countries: string | undefined; options: PoolOptions },
): Promise<void> {
  const { poolId, discount } = pool;
  if (!discount) throw new UsageError('"<discount>" is empty');
  const rules = poolRulesFrom(pool.options);
  // "-": no days from assignment, the pool's dates alone.
  const validDays = pool.days === '-' ? null : positiveWholeNumber('<valid days>', pool.days);
  if (validDays === null && !rules.validUntil) throw new UsageError('<valid days> "-" needs --until (a pool must end)');
  const countries = pool.countries ? pool.countries.split(',').map((country) => country.trim().toUpperCase()) : null;
  const badCountry = countries?.find((country) => !CountryCode.safeParse(country).success);
  if (badCountry) throw new UsageError(`"${badCountry}" is not an ISO 3166 country code such as FR`);
  const definition: CouponPoolDefinition = { poolId, discount, validDays, countries, ...rules };
  await withPools(config, null, (db) => createCouponPool(db, definition));
  print(`pool ${poolId}: ${describePool(definition)}`);
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

/** Codes refused on orders since a time, counted by reason, with the latest few. */
export async function refusalsCommand(config: Config, since: Date): Promise<void> {
  const { byReason, latest } = await withPools(config, null, (db) => couponRefusalsSince(db, since));
  if (byReason.length === 0) {
    print(`no code refused since ${since.toISOString()}`);
    return;
  }
  for (const { reason, count } of byReason) print(`${String(count).padStart(6)}  ${reason}`);
  print('');
  for (const refusal of latest)
    print(`${refusal.refusedAt.toISOString()}  ${refusal.code}  order ${refusal.orderId}  ${refusal.reason} (${refusal.source})`);
}
