/**
 * Tracked links in a message as it leaves: every http(s) link of an email (the HTML's
 * `<a href>` and the URLs of the text part) and of a text message becomes a signed link to
 * our server, which records the click and redirects (services/platform/engagement/). Links
 * to our own server stay as they are: the unsubscribe and consent links already are signed
 * links of ours, and a second hop would only slow them. So do `mailto:` and `tel:` links,
 * and anything else that is not http(s).
 *
 * Emails also get an open pixel at the end of their HTML (EMAIL_OPEN_TRACKING, on by
 * default). Our templates are text: an email whose template has no HTML gets, for the
 * pixel, an HTML twin of its text that reads the same (paragraphs and links, no styling).
 */
import type { Config } from '../../services/platform/config.ts';
import { messageRefOf, trackedLinksOf, type TrackedLinks } from '../../services/platform/engagement/tracked-links.ts';

export interface LinkTracking {
  links: TrackedLinks;
  /** Email opens: a pixel at the end of the HTML part. */
  opens: boolean;
}

/** The tracked links' signer and the open-tracking setting, from the configuration. */
export const linkTrackingOf = (config: Config): LinkTracking => ({ links: trackedLinksOf(config), opens: config.links.openTracking });

/**
 * The links of one message: each names the message by its ledger key, from which the click
 * is credited to its journey, workflow, step and channel.
 */
export function messageLinks(tracking: LinkTracking, idempotencyKey: string) {
  const ref = messageRefOf(idempotencyKey);
  const tracked = (url: string) => (tracking.links.isOurs(url) ? url : (tracking.links.clickUrl(ref, url) ?? url));
  return {
    /** One link, tracked (an absolute http(s) URL not of ours), or as it was. */
    url: tracked,
    text: (text: string) => trackTextUrls(text, tracked),
    html: (html: string) => trackHtmlLinks(html, tracked),
    /** The click token of a link the customer's device opens itself (a push notification's). */
    clickToken: (url: string) => tracking.links.clickToken(ref, url),
    /** The email's open pixel, or null when opens are not tracked. */
    openPixel: () => (tracking.opens ? tracking.links.openUrl(ref) : null),
  };
}
export type MessageLinks = ReturnType<typeof messageLinks>;

/** A URL in running text, up to the first space or character a URL in text cannot hold. */
const TEXT_URL = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence, not the URL it follows ("see https://shop.example/cart."). */
const TRAILING = /[.,;:!?'")\]}]+$/;

/** Plain text with each http(s) URL through `url` and the text between through `between`. */
function mapTextUrls(text: string, url: (url: string) => string, between: (text: string) => string = (text) => text): string {
  let result = '';
  let done = 0;
  for (const match of text.matchAll(TEXT_URL)) {
    const found = match[0].replace(TRAILING, '');
    result += between(text.slice(done, match.index)) + url(found);
    done = match.index + found.length;
  }
  return result + between(text.slice(done));
}

/** Each http(s) URL in plain text (an email's text part, an SMS), through `rewrite`. */
export const trackTextUrls = (text: string, rewrite: (url: string) => string): string => mapTextUrls(text, rewrite);

/** A link's start tag (`<a …>`, `<area …>`), its attributes quoted or not (a `>` may sit inside quotes). */
const LINK_TAG = /<(a|area)(\s(?:[^>"']|"[^"]*"|'[^']*')*)?>/gi;
/** The tag's href attribute: double-quoted, single-quoted or bare. */
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/** Each http(s) `href` of the HTML's links (not a stylesheet's `<link href>`), through `rewrite`. */
export function trackHtmlLinks(html: string, rewrite: (url: string) => string): string {
  return html.replace(LINK_TAG, (tag: string) =>
    tag.replace(HREF, (_attribute, prefix: string, double?: string, single?: string, bare?: string) => {
      const written = double ?? single ?? bare ?? '';
      const url = decodeEntities(written).trim();
      const rewritten = /^https?:\/\//i.test(url) ? rewrite(url) : url;
      if (rewritten === url) return _attribute;
      const quote = single !== undefined ? "'" : '"';
      return `${prefix}${quote}${escapeAttribute(rewritten)}${quote}`;
    }),
  );
}

/** The email's HTML with its open pixel last in the body. */
export function withOpenPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const end = html.search(/<\/body\s*>/i);
  return end === -1 ? html + pixel : html.slice(0, end) + pixel + html.slice(end);
}

/**
 * HTML that reads as the text does: paragraphs at blank lines, line breaks kept, URLs as
 * links (showing the URL as written), nothing else, so a plain email stays plain.
 */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => {
      const linked = mapTextUrls(paragraph, (url) => `<a href="${escapeAttribute(url)}">${escapeHtml(url)}</a>`, escapeHtml);
      return `<p>${linked.replaceAll('\n', '<br>\n')}</p>`;
    });
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>`;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** An attribute's value as the browser reads it (`&amp;` in an href is `&`). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

const escapeAttribute = (text: string) => text.replace(/[&"'<>]/g, (char) => `&#${char.charCodeAt(0)};`);
const escapeHtml = (text: string) => text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
