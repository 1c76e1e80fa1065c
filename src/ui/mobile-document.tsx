/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { PropsWithChildren } from "hono/jsx";
import type { Lang } from "../kernel/i18n.ts";

// The document of every page a phone sees (the homepage entry, scan login's phone pages, the full
// text of a message): one look, one set of head tags.

/** Inside WeLink the page follows the client's language; Chinese unless it asks for English first. */
export const langFrom = (acceptLanguage: string | undefined): Lang => (/^\s*en\b/i.test(acceptLanguage ?? "") ? "en" : "zh-CN");

export const STYLE = `
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d2939; background: #f5f7fa; }
main { max-width: 30rem; margin: 12vh auto 2rem; padding: 1.5rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(16,24,40,.1); }
h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
p { margin: .5rem 0; } .muted { color: #667085; font-size: .875rem; }
.error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; padding: .5rem .75rem; border-radius: 4px; }
label { display: block; margin-top: .75rem; font-weight: 600; }
input[type=text], input[type=password] { box-sizing: border-box; width: 100%; padding: .55rem; font-size: 1rem; border: 1px solid #d0d5dd; border-radius: 4px; }
button, .button { display: inline-block; margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; border: 0; border-radius: 4px; background: #1570ef; color: #fff; text-decoration: none; cursor: pointer; }
code { font-size: .85em; }
`;

/** A page the phone (or a browser) sees: mobile viewport, no index, no referrer, a nonce'd stylesheet. */
export function MobileDocument(p: PropsWithChildren<{ lang: Lang; nonce: string; title: string; style?: string }>) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>{p.title}</title>
        <style nonce={p.nonce}>{raw(p.style ?? STYLE)}</style>
      </head>
      <body>
        <main>{p.children}</main>
      </body>
    </html>
  );
}
