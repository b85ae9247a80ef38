import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConsentLinks } from '../../services/platform/consent-links/consent-links.ts';
import { createUnsubscribeLinks } from '../../services/platform/consent-links/unsubscribe-links.ts';
import { createTrackedLinks } from '../../services/platform/engagement/tracked-links.ts';
import { htmlFromText, messageLinks, trackHtmlLinks, trackTextUrls, withOpenPixel } from './link-tracking.ts';

const options = { baseUrl: 'https://go.shop-example.com', secret: 'a-secret-of-sixteen-chars' };
const signer = createTrackedLinks(options);
const key = 'journey/welcome/c-1/account/welcome-1';
const links = messageLinks({ links: signer, opens: true }, key);
const unsubscribe = createUnsubscribeLinks(options).urlFor({ customerId: 'c-1', channel: 'email', purpose: 'marketing' });
const renew = createConsentLinks(options).urlFor('renew', { customerId: 'c-1', channel: 'sms' });

/** Where a tracked link goes, read back through its signature. */
const destinationOf = (url: string) => {
  assert.ok(url.startsWith(`${options.baseUrl}/c/`), url);
  return signer.verifyClick(url.slice(`${options.baseUrl}/c/`.length))?.url;
};
const hrefs = (html: string) => [...html.matchAll(/href=(["'])(.*?)\1/g)].map((match) => match[2]!);
const mark = (url: string) => `[${url}]`;

describe('tracked links in text', () => {
  it('rewrite every http(s) URL, leaving the punctuation that ends a sentence outside', () => {
    const text =
      'See https://shop.example/cart. Or (http://shop.example/help), "https://shop.example/a?b=1&c=2"! Done: https://shop.example';
    assert.equal(
      trackTextUrls(text, mark),
      'See [https://shop.example/cart]. Or ([http://shop.example/help]), "[https://shop.example/a?b=1&c=2]"! Done: [https://shop.example]',
    );
    assert.equal(
      trackTextUrls('mailto:care@shop.example, tel:+15555550100, ftp://x.example, www.shop.example', mark),
      'mailto:care@shop.example, tel:+15555550100, ftp://x.example, www.shop.example',
    );
  });

  it('of an email or a text go to the destination through our server; our own consent and unsubscribe links stay as they are', () => {
    const text = `Your points: https://shop.example/account/points\nKeep in touch: ${renew}.\n--\nUnsubscribe: ${unsubscribe}\n`;
    const tracked = links.text(text);
    const [points] = /https:\/\/go\S+\/c\/\S+/.exec(tracked) ?? [];
    assert.equal(destinationOf(points!), 'https://shop.example/account/points');
    assert.ok(tracked.includes(`Keep in touch: ${renew}.\n`), tracked);
    assert.ok(tracked.endsWith(`Unsubscribe: ${unsubscribe}\n`), tracked);
    // An SMS: the same, and short.
    const sms = links.text('Your cart is saved: https://shop.example/cart Reply STOP to opt out.');
    const [link] = /https:\/\/\S+/.exec(sms) ?? [];
    assert.equal(destinationOf(link!), 'https://shop.example/cart');
    assert.ok(link!.length < 100, link);
    assert.match(sms, / Reply STOP to opt out\.$/);
  });
});

describe('tracked links in HTML', () => {
  it('rewrite the href of every link, quoted either way or not, and keep the rest of the tag as it was', () => {
    const html =
      '<a href="https://shop.example/a" class="x">A</a> <A HREF=\'https://shop.example/b\'>B</A> <a href=https://shop.example/c>C</a>' +
      '<a title="a > b" href = "https://shop.example/d">D</a><area shape="rect" href="http://shop.example/e">';
    const tracked = trackHtmlLinks(html, mark);
    assert.equal(
      tracked,
      '<a href="[https://shop.example/a]" class="x">A</a> <A HREF=\'[https://shop.example/b]\'>B</A> <a href="[https://shop.example/c]">C</a>' +
        '<a title="a > b" href = "[https://shop.example/d]">D</a><area shape="rect" href="[http://shop.example/e]">',
    );
  });

  it('read entities in an href as the browser does, and escape what they write', () => {
    const tracked = trackHtmlLinks('<a href="https://shop.example/?a=1&amp;b=2&#38;c=&quot;3&#x22;">x</a>', (url) => `${url}&"`);
    assert.equal(tracked, '<a href="https://shop.example/?a=1&#38;b=2&#38;c=&#34;3&#34;&#38;&#34;">x</a>');
    const [href] = hrefs(links.html('<a href="https://shop.example/?a=1&amp;b=2">x</a>'));
    assert.equal(destinationOf(href!), 'https://shop.example/?a=1&b=2');
  });

  it('leave mailto:, tel:, anchors, relative links, stylesheets and our own links alone', () => {
    const html =
      '<link rel="stylesheet" href="https://cdn.example/a.css"><a href="mailto:care@shop.example">m</a><a href="tel:+15555550100">t</a>' +
      `<a href="#top">top</a><a href="/cart">cart</a><a name="x">x</a><a href="${unsubscribe}">unsubscribe</a><abbr href="https://x.example">y</abbr>`;
    assert.equal(links.html(html), html);
  });
});

describe('the open pixel', () => {
  it('goes last in the body, or at the end of a fragment', () => {
    const pixel = links.openPixel()!;
    assert.match(pixel, /^https:\/\/go\.shop-example\.com\/o\/[\w-]+\.[\w-]+\.gif$/);
    const html = withOpenPixel('<html><body><p>Hi</p></BODY></html>', pixel);
    assert.match(
      html,
      new RegExp(`<p>Hi</p><img src="${pixel.replaceAll('.', '\\.')}" width="1" height="1" alt="" style="[^"]*"></BODY></html>$`),
    );
    assert.match(withOpenPixel('<p>Hi</p>', pixel), /^<p>Hi<\/p><img src=/);
    assert.equal(messageLinks({ links: signer, opens: false }, key).openPixel(), null);
  });

  it('rides on an HTML twin of a text email that reads as the text does', () => {
    const text =
      'Hi Ann,\n\nYour points: https://shop.example/account/points?a=1&b=2.\nSee you <soon>\n\n--\nUnsubscribe: https://go.shop-example.com/unsubscribe/x.y\n';
    const html = htmlFromText(text);
    assert.match(html, /^<!doctype html><html><head><meta charset="utf-8"><\/head><body>\n/);
    assert.ok(html.includes('<p>Hi Ann,</p>'), html);
    assert.ok(
      html.includes(
        '<p>Your points: <a href="https://shop.example/account/points?a=1&#38;b=2">https://shop.example/account/points?a=1&amp;b=2</a>.<br>\nSee you &lt;soon&gt;</p>',
      ),
      html,
    );
    assert.ok(html.includes('<p>--<br>\nUnsubscribe: <a href="https://go.shop-example.com/unsubscribe/x.y">'), html);
    const [points, unsubscribeHref] = hrefs(links.html(html));
    assert.equal(destinationOf(points!), 'https://shop.example/account/points?a=1&b=2');
    assert.equal(unsubscribeHref, 'https://go.shop-example.com/unsubscribe/x.y');
  });
});
