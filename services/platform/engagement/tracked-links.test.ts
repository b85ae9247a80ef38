import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConsentLinks } from '../consent-links/consent-links.ts';
import { createUnsubscribeLinks } from '../consent-links/unsubscribe-links.ts';
import { createTrackedLinks, messageRefHex, messageRefOf } from './tracked-links.ts';

const options = { baseUrl: 'https://go.shop-example.com', secret: 'a-secret-of-sixteen-chars' };
const links = createTrackedLinks(options);
// A key as the ledger holds them today (135 characters is the longest seen).
const key =
  'journey/loyalty-tier-at-risk/sim-mxac3k5s-112/loyalty-tier-changed/sim-mxac3k5s-112/a7283ef9-c09e-4c73-b5ec-bf76ad60558f/tier-at-risk-1';
const ref = messageRefOf(key);
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('tracked links', () => {
  it('name the message and the destination they were made for', () => {
    const url = links.clickUrl(ref, 'https://shop.example/cart?utm_source=sms&x=1#top');
    assert.match(url ?? '', /^https:\/\/go\.shop-example\.com\/c\/[\w-]+\.[\w-]+$/);
    assert.deepEqual(links.verifyClick(tokenOf(url!)), {
      messageRef: messageRefHex(key),
      url: 'https://shop.example/cart?utm_source=sms&x=1#top',
    });
    assert.deepEqual(links.verifyClick(tokenOf(links.clickUrl(ref, 'http://shop.example/é')!))?.url, 'http://shop.example/%C3%A9');
    const pixel = links.openUrl(ref);
    assert.match(pixel, /^https:\/\/go\.shop-example\.com\/o\/[\w-]+\.[\w-]+\.gif$/);
    assert.deepEqual(links.verifyOpen(tokenOf(pixel).replace(/\.gif$/, '')), { messageRef: messageRefHex(key) });
  });

  it('are short enough for a text message: a typical link stays well under 100 characters', () => {
    const url = links.clickUrl(ref, 'https://shop.example/cart')!;
    assert.equal(url.length, 87, url);
    // Each character of the destination costs 4/3 of one: a deep link is what makes one long.
    const local = createTrackedLinks({ ...options, baseUrl: 'http://127.0.0.1:8080' });
    assert.equal(local.clickUrl(ref, 'https://shop.example/cart')!.length, 81);
    assert.equal(local.clickUrl(ref, 'https://shop.example/orders/o-1234/review')!.length, 103);
  });

  it('refuse a tampered token, another secret, and a token of another kind', () => {
    const token = tokenOf(links.clickUrl(ref, 'https://shop.example/cart')!);
    const [body, signature] = token.split('.') as [string, string];
    const elsewhere = tokenOf(links.clickUrl(ref, 'https://evil.example/cart')!).split('.')[0];
    assert.equal(links.verifyClick(`${elsewhere}.${signature}`), null, 'another destination under the signature');
    const flipped = body.slice(0, -2) + (body.at(-2) === 'A' ? 'B' : 'A') + body.at(-1);
    assert.equal(links.verifyClick(`${flipped}.${signature}`), null, 'one character changed');
    assert.equal(links.verifyClick(`${body}=.${signature}`), null, 'padding Node would ignore');
    assert.equal(links.verifyClick(`${body}.${signature}.x`), null);
    assert.equal(links.verifyClick(`${body}.${signature.slice(0, -1)}`), null, 'a shortened signature');
    assert.equal(links.verifyClick(''), null);
    assert.equal(links.verifyClick('not a token'), null);
    assert.equal(createTrackedLinks({ ...options, secret: 'another-secret-of-16' }).verifyClick(token), null);
    // An open token is no click token, and no other signed link of ours passes for either.
    assert.equal(links.verifyClick(tokenOf(links.openUrl(ref)).replace(/\.gif$/, '')), null);
    assert.equal(links.verifyOpen(token), null);
    const unsubscribe = tokenOf(createUnsubscribeLinks(options).urlFor({ customerId: 'c-1', channel: 'email', purpose: 'marketing' }));
    const renew = tokenOf(createConsentLinks(options).urlFor('renew', { customerId: 'c-1', channel: 'email' }));
    for (const other of [unsubscribe, renew]) {
      assert.equal(links.verifyClick(other), null);
      assert.equal(links.verifyOpen(other), null);
    }
  });

  it('go only to http(s): no link is made to another scheme, and none verifies', () => {
    for (const destination of ['javascript:alert(1)', 'mailto:care@shop.example', 'tel:+15555550100', 'ftp://shop.example/', '/cart', ''])
      assert.equal(links.clickUrl(ref, destination), null, destination);
  });

  it('know our own links, which are never wrapped', () => {
    assert.ok(links.isOurs('https://go.shop-example.com/unsubscribe/abc.def'));
    assert.ok(createTrackedLinks({ ...options, baseUrl: 'https://go.shop-example.com/' }).isOurs('https://go.shop-example.com/c/x'));
    assert.ok(!links.isOurs('https://go.shop-example.com.evil.example/c/x'));
    assert.ok(!links.isOurs('https://shop.example/'));
  });
});
