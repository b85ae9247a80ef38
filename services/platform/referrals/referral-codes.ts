/**
 * Each customer's referral code (migration 024), made the first time it is asked for, and
 * their link: the shop's address with `?ref=<code>`. The shop keeps the code through sign-up
 * and sends it as `Referral Accepted`'s `referral_code`.
 */
import { customerIdNow } from '../db/customers.ts';
import { generateCouponCodes } from '../db/coupons.ts';
import type { Db } from '../db/pool.ts';

export async function referralCodeOf(db: Db, customerId: string): Promise<string> {
  const owner = await customerIdNow(db, customerId);
  // Unguessable like coupon codes; a collision (one in 31^10) leaves the customer without a row, and the next ask tries again.
  await db.query('insert into referral_codes (customer_id, code) values ($1, $2) on conflict do nothing', [
    owner,
    generateCouponCodes('R', 1)[0],
  ]);
  const { rows } = await db.query<{ code: string }>('select code from referral_codes where customer_id = $1', [owner]);
  if (!rows[0]) throw new Error(`no referral code could be made for ${owner}; ask again`);
  return rows[0].code;
}

export const referralLink = (shopUrl: string, code: string) => `${shopUrl}/?ref=${encodeURIComponent(code)}`;
