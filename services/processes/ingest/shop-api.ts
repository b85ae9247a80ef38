/**
 * What the shop's backend asks of the product, authenticated like the ingest API (a write key
 * as the Basic-auth user); 400 names a malformed request's fields.
 * - `POST /v1/coupons/validate` answers what a code would give a cart; `POST
 *   /v1/coupons/redeem` spends it on an order (idempotent on the order id). Both answer 200
 *   with the discount or a refusal's reason.
 * - `POST /v1/referrals/link` gives a customer's referral code and link, for their account page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CouponRedeemRequest, CouponValidateRequest, type CouponVerdict } from '../../../schemas/coupons.ts';
import { Id } from '../../../schemas/primitives.ts';
import { describeIssues } from '../../../schemas/envelope.ts';
import { redeemCoupon, validateCoupon } from '../../platform/coupons/redemption.ts';
import { inTransaction, type Db } from '../../platform/db/pool.ts';
import { referralCodeOf, referralLink } from '../../platform/referrals/referral-codes.ts';
import { HttpError } from './http-error.ts';
import { decodeContent, decodeText, parseJson } from './request-body.ts';
import { rawBody, writeKeyOf } from './write-key.ts';

const MAX_BYTES = 256 * 1024;
const ReferralLinkRequest = z.object({ customer_id: Id });

export interface ShopApiDeps {
  db: Db;
  writeKeys: ReadonlySet<string>;
  /** The shop's address: referral links point there. */
  shopUrl: string;
  /** Publish the outbox now: a redemption's `Coupon Redeemed` need not wait for the next poll. */
  onRedeemed: () => void;
}

export function registerShopApi(app: FastifyInstance, deps: ShopApiDeps): void {
  function parse<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema): z.infer<Schema> {
    if (!deps.writeKeys.has(writeKeyOf(request) ?? '')) throw new HttpError(401, { error: 'unauthorized', message: 'unknown write key' });
    const parsed = schema.safeParse(parseJson(decodeText(decodeContent(rawBody(request), request.headers['content-encoding'], MAX_BYTES))));
    if (!parsed.success) throw new HttpError(400, { error: 'invalid_request', issues: describeIssues(parsed.error) });
    return parsed.data;
  }

  app.post('/v1/coupons/validate', { bodyLimit: MAX_BYTES }, async (request): Promise<CouponVerdict> => {
    const { code, cart } = parse(request, CouponValidateRequest);
    return validateCoupon(deps.db, { code, cart, at: new Date() });
  });

  app.post('/v1/coupons/redeem', { bodyLimit: MAX_BYTES }, async (request): Promise<CouponVerdict> => {
    const { code, order_id, cart } = parse(request, CouponRedeemRequest);
    const customerId = cart.customer_id ?? cart.anonymous_id;
    if (!customerId) {
      throw new HttpError(400, {
        error: 'invalid_request',
        issues: [{ path: 'cart.customer_id', message: 'a redemption needs the customer_id or anonymous_id of who ordered' }],
      });
    }
    const verdict = await inTransaction(deps.db, (client) =>
      redeemCoupon(client, { code, orderId: order_id, customerId, cart, at: new Date(), source: 'api' }),
    );
    if (verdict.valid) deps.onRedeemed();
    return verdict;
  });

  app.post('/v1/referrals/link', { bodyLimit: MAX_BYTES }, async (request) => {
    const { customer_id } = parse(request, ReferralLinkRequest);
    const code = await referralCodeOf(deps.db, customer_id);
    return { customer_id, code, link: referralLink(deps.shopUrl, code) };
  });
}
