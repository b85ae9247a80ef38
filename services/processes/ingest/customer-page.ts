/**
 * The pages customers see on our server (an unsubscribe or consent link, a broken tracked
 * link): readable on a phone, where most of these links are opened, and without external
 * assets (mail clients and privacy).
 */
const pageStyle =
  'body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;background:#f5f7fa;margin:0;padding:48px 16px}' +
  'main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 1px 4px rgba(0,0,0,.08)}' +
  'h1{font-size:1.4rem;margin:0 0 12px}p{margin:0 0 20px;color:#52606d}' +
  'button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:8px;padding:12px 20px;cursor:pointer}';

export interface CustomerPage {
  status: number;
  contentType: string;
  body: string;
}

/** A page with a title, a sentence and, optionally, a form (our own markup: callers pass no customer input). */
export const customerPage = (status: number, title: string, text: string, form = ''): CustomerPage => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body:
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title}</title><style>${pageStyle}</style></head>` +
    `<body><main><h1>${title}</h1>${text ? `<p>${text}</p>` : ''}${form}</main></body></html>`,
});
