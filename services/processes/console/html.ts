/**
 * HTML from templates that escape what they are given: customer ids, step names and reasons
 * come from producers, so every value put into a page is text unless it is markup this
 * module made (`html` results, `raw` for our own constants).
 */

export class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char]!);

const render = (part: Part): string => {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
};

/** `html\`<td>${step}</td>\``: values escaped, nested `html` kept, arrays joined, null/undefined/false left out. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, text, i) => out + render(values[i - 1]) + text));
}

/** Markup of our own (no data in it). */
export const raw = (text: string) => new Html(text);

/**
 * Data for the page's script, in a script element the browser does not run: `<` written as
 * \u003c, so no value (a customer id of `</script>`) can end the element.
 */
export const jsonScript = (id: string, data: unknown) =>
  raw(`<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>`);
