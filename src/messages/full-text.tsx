/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Deps } from "../deps.ts";
import { SecretBoxError } from "../kernel/crypto/secret-box.ts";
import { formatTimeZoned, langFrom, MobileDocument } from "../ui/index.ts";
import { randomToken } from "../kernel/ids.ts";
import { type MessageRow, messagesByIds } from "./dispatch-store.ts";
import { cardContent } from "./send-card.ts";

/*
 * When a title or body is cut to WeLink's byte limits and the OA gave no link of its own, the
 * card links here: the whole text on a bridge page. The link carries the message id sealed with
 * the master key (AES-GCM), so it can be neither guessed nor forged; it stops working when the
 * message is pruned.
 */
const PURPOSE = "push.fulltext";
const T = {
  "zh-CN": { gone: "消息不存在或已过期", goneBody: "这条消息已被清理，或链接不完整。", from: "发送人" },
  en: { gone: "Message not found", goneBody: "This message has been pruned, or the link is incomplete.", from: "From" },
} as const;
const STYLE = `body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1d2939;background:#f5f7fa}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(16,24,40,.1)}
h1{font-size:1.25rem;margin:0 0 .5rem}.muted{color:#667085;font-size:.875rem}.body{white-space:pre-wrap;overflow-wrap:anywhere}`;

/** The link to the whole text when WeLink would show it cut and the OA gave none; else undefined. */
export async function fullTextLink(deps: Pick<Deps, "box" | "config">, m: MessageRow): Promise<string | undefined> {
  if (m.mobileUrl || m.pcUrl) return undefined;
  const shown = cardContent(m);
  if (shown.title === m.title && shown.content === (m.body ?? m.title)) return undefined;
  return `${deps.config.publicUrl}/m/${await deps.box.seal(m.id, PURPOSE)}`;
}


async function messageOf(deps: Deps, sealed: string): Promise<MessageRow | undefined> {
  if (sealed.length > 512) return undefined;
  try {
    const id = await deps.box.open(sealed, PURPOSE);
    return (await messagesByIds(deps.db, [id])).get(id);
  } catch (e) {
    if (e instanceof SecretBoxError) return undefined;
    throw e;
  }
}

/** GET /m/{sealed id}: the whole title and body of a pushed message (no sign-in; the link is the key). */
export function fullTextRoutes(deps: Deps) {
  const r = new Hono();
  r.get("/:sealed", async (c) => {
    const lang = langFrom(c.req.header("accept-language"));
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
    const nonce = randomToken(16);
    c.header("Content-Security-Policy", `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`);
    const m = await messageOf(deps, c.req.param("sealed"));
    if (!m) {
      return c.html(
        <MobileDocument lang={lang} nonce={nonce} title={T[lang].gone} style={STYLE}>
          <h1>{T[lang].gone}</h1>
          <p>{T[lang].goneBody}</p>
        </MobileDocument>,
        404,
      );
    }
    return c.html(
      <MobileDocument lang={lang} nonce={nonce} title={m.title} style={STYLE}>
        <h1>{m.title}</h1>
        <p class="muted">
          {m.sender ? `${T[lang].from}: ${m.sender} · ` : ""}
          {formatTimeZoned({ lang, tz: deps.config.timezone }, m.occurredAt ?? m.receivedAt)}
        </p>
        {m.body ? <p class="body">{m.body}</p> : null}
      </MobileDocument>,
    );
  });
  return r;
}
