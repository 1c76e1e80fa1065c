/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { PropsWithChildren } from "hono/jsx";
import type { Lang } from "../../kernel/i18n.ts";
import { formatTimeZoned, MobileDocument, STYLE } from "../../ui/index.ts";
import { parseDevice } from "../log/device.tsx";
import { tp } from "./i18n-phone.ts";
import type { Confirm } from "./phone-flow.ts";
import type { ScanEnterprise, ScanPlace } from "./phone-store.ts";

/** Every refusal the phone shows: the ticket's ScanError codes, a lost phone session, the unexpected. */
export type PhoneStop =
  | "TICKET_UNKNOWN" | "TICKET_EXPIRED" | "TICKET_DENIED" | "TICKET_CANCELLED" | "SECOND_SCANNER" | "TICKET_USED"
  | "TICKET_CONFIRMED" | "TICKET_NOT_CONFIRMED" | "SCAN_LOGIN_OFF" | "PHONE_SESSION" | "ERROR";
export const PHONE_STOPS: ReadonlySet<string> = new Set<PhoneStop>([
  "TICKET_UNKNOWN", "TICKET_EXPIRED", "TICKET_DENIED", "TICKET_CANCELLED", "SECOND_SCANNER", "TICKET_USED",
  "TICKET_CONFIRMED", "TICKET_NOT_CONFIRMED", "SCAN_LOGIN_OFF", "PHONE_SESSION", "ERROR",
]);

const PHONE_STYLE = `${STYLE}
main { margin-top: 6vh; }
dl { margin: 1rem 0; } dt { color: #667085; font-size: .875rem; } dd { margin: 0 0 .6rem; font-weight: 600; word-break: break-word; }
.trusted { color: #067647; } .untrusted { color: #b42318; }
.answer { display: flex; gap: .75rem; } .answer form { flex: 1 1 0; margin: 0; }
.answer button { width: 100%; margin-top: .5rem; padding: .8rem 0; font-size: 1.05rem; }
button.deny { background: #d92d20; }
.choice { display: block; width: 100%; text-align: left; }
`;

const Page = (p: PropsWithChildren<{ lang: Lang; nonce: string; title: string }>) => <MobileDocument {...p} style={PHONE_STYLE} />;

/*
 * Inside WeLink: trade HWH5's free-login code for this QR's app and post it. Inputs come from the
 * form's data attributes. Without HWH5 (or when it says NOT_IN_WELINK, or never answers) the page
 * says to open it with WeLink's Scan; a visible-range refusal is posted so the bridge shows its page.
 */
const SCRIPT = `(function () {
  "use strict";
  var form = document.getElementById("scan");
  var done = false;
  function outside() { if (done) return; done = true; document.getElementById("wait").hidden = true; document.getElementById("outside").hidden = false; }
  function send(field, value) { if (done) return; done = true; form.elements[field].value = value; form.submit(); }
  var H = window.HWH5;
  if (!H || typeof H.getAuthCode !== "function") return outside();
  setTimeout(outside, 10000);
  H.getAuthCode({ clientId: form.getAttribute("data-client-id") }).then(function (r) {
    if (r && r.code) send("code", String(r.code)); else outside();
  }, function (e) {
    var code = e && e.errorCode;
    if (!code || code === "NOT_IN_WELINK") outside(); else send("error", String(code).slice(0, 40));
  });
})();`;

export function ScanHomePage(p: { lang: Lang; nonce: string; jsapiUrl: string; clientId: string; action: string; formNonce: string; corpId?: string; back?: string }) {
  return (
    <Page lang={p.lang} nonce={p.nonce} title={tp(p.lang, "home.title")}>
      <h1>{tp(p.lang, "home.title")}</h1>
      <p id="wait" aria-live="polite">{tp(p.lang, "home.wait")}</p>
      <div id="outside" hidden data-code="NOT_IN_WELINK">
        <p class="error" role="alert">{tp(p.lang, "home.outside")}</p>
        <p class="muted">{tp(p.lang, "home.outsideBody")}</p>
      </div>
      <noscript><p class="error">{tp(p.lang, "home.outside")}</p></noscript>
      <form id="scan" method="post" action={p.action} data-client-id={p.clientId}>
        <input type="hidden" name="nonce" value={p.formNonce} />
        <input type="hidden" name="code" value="" />
        <input type="hidden" name="error" value="" />
        {p.corpId && <input type="hidden" name="corp" value={p.corpId} />}
      </form>
      {p.back && <p class="muted"><a href={p.back}>{tp(p.lang, "enterprise.change")}</a></p>}
      <script src={p.jsapiUrl} nonce={p.nonce}></script>
      <script nonce={p.nonce}>{raw(SCRIPT)}</script>
    </Page>
  );
}

/**
 * Before WeLink is asked: which integrated enterprise the person's WeLink is signed in to. It loads
 * the JSAPI script too: it is the page WeLink opened from the QR, and the sandbox's stand-in keeps
 * its "signed-in tab" only when the first page it lands on loads the script.
 */
export function ChooseEnterprisePage(p: { lang: Lang; nonce: string; base: string; jsapiUrl: string; enterprises: ScanEnterprise[] }) {
  return (
    <Page lang={p.lang} nonce={p.nonce} title={tp(p.lang, "enterprise.title")}>
      <h1>{tp(p.lang, "enterprise.title")}</h1>
      <p>{tp(p.lang, "enterprise.intro")}</p>
      {p.enterprises.map((e) => (
        <p>
          <a class="button choice" href={`${p.base}?corp=${encodeURIComponent(e.corpId)}`} data-corp={e.corpId}>{e.corpName}</a>
        </p>
      ))}
      <script src={p.jsapiUrl} nonce={p.nonce}></script>
    </Page>
  );
}

export function ChoosePage(p: { lang: Lang; nonce: string; action: string; formNonce: string; places: ScanPlace[] }) {
  return (
    <Page lang={p.lang} nonce={p.nonce} title={tp(p.lang, "choose.title")}>
      <h1>{tp(p.lang, "choose.title")}</h1>
      <p>{tp(p.lang, "choose.intro")}</p>
      {p.places.map((place) => (
        <form method="post" action={p.action}>
          <input type="hidden" name="nonce" value={p.formNonce} />
          <input type="hidden" name="tenant" value={place.tenantId} />
          <button type="submit" class="choice" data-tenant={place.tenantId}>{tp(p.lang, "choose.option", { team: place.tenantName, corp: place.corpName })}</button>
        </form>
      ))}
    </Page>
  );
}

/** "Chrome 131 · Windows": the browser's user agent read by the login log's parser, enough for a person to recognise their computer. */
export function browserAndSystem(ua: string | null): { browser?: string; system?: string } {
  if (!ua) return {};
  const d = parseDevice(ua, { short: true });
  return { ...(d.browser ? { browser: d.browser } : {}), ...(d.os ? { system: d.os } : {}) };
}

/** Counts the 60 s down; at zero the answer buttons go (the bridge would refuse them anyway). */
const COUNTDOWN = `(function () {
  "use strict";
  var el = document.getElementById("countdown");
  var left = Number(el.getAttribute("data-seconds"));
  var tpl = el.getAttribute("data-text"), over = el.getAttribute("data-over");
  function tick() {
    if (left <= 0) { el.textContent = over; var a = document.getElementById("answer"); if (a) a.hidden = true; return; }
    el.textContent = tpl.replace("{s}", String(left)); left -= 1; setTimeout(tick, 1000);
  }
  tick();
})();`;

const paren = (lang: Lang, text: string) => (lang === "en" ? `(${text})` : `（${text}）`);

export function ConfirmPage(p: { lang: Lang; nonce: string; base: string; formNonce: string; view: Confirm; now: number; tz: string }) {
  const { view: v, lang } = p;
  const device = browserAndSystem(v.browserUserAgent);
  const seconds = Math.max(0, Math.ceil((v.expiresAt - p.now) / 1000));
  const answer = (what: "approve" | "deny") => (
    <form method="post" action={`${p.base}/${what}`}>
      <input type="hidden" name="nonce" value={p.formNonce} />
      <button type="submit" class={what} data-action={what}>{tp(lang, `confirm.${what}`)}</button>
    </form>
  );
  return (
    <Page lang={lang} nonce={p.nonce} title={tp(lang, "confirm.title")}>
      <h1>{tp(lang, "confirm.title")}</h1>
      <p>{tp(lang, "confirm.intro", { oa: v.oaName })}</p>
      <dl>
        <dt>{tp(lang, "confirm.oa")}</dt>
        <dd data-field="oa">{v.oaName}</dd>
        <dt>{tp(lang, "confirm.corp")}</dt>
        <dd data-field="corp">{v.corpName}</dd>
        <dt>{tp(lang, "confirm.ip")}</dt>
        <dd data-field="ip">
          {v.browserIp ?? tp(lang, "confirm.unknown")}{" "}
          <span class={v.trusted ? "trusted" : "untrusted"} data-trusted={String(v.trusted)}>{paren(lang, tp(lang, v.trusted ? "confirm.trusted" : "confirm.untrusted"))}</span>
        </dd>
        <dt>{tp(lang, "confirm.device")}</dt>
        <dd data-field="device">{[device.browser, device.system].filter(Boolean).join(" · ") || tp(lang, "confirm.unknown")}</dd>
        <dt>{tp(lang, "confirm.time")}</dt>
        <dd data-field="time">{formatTimeZoned({ lang, tz: p.tz }, v.askedAt)}</dd>
      </dl>
      <p id="countdown" class="muted" aria-live="polite" data-seconds={String(seconds)} data-text={tp(lang, "confirm.countdown")} data-over={tp(lang, "confirm.over")}>
        {tp(lang, "confirm.countdown", { s: seconds })}
      </p>
      <div id="answer" class="answer">
        {answer("approve")}
        {answer("deny")}
      </div>
      <p class="muted">{tp(lang, "confirm.warn")}</p>
      <script nonce={p.nonce}>{raw(COUNTDOWN)}</script>
    </Page>
  );
}

export function DonePage(p: { lang: Lang; nonce: string; done: "APPROVED" | "DENIED" }) {
  const title = tp(p.lang, `done.${p.done}.title`);
  return (
    <Page lang={p.lang} nonce={p.nonce} title={title}>
      <h1 data-done={p.done}>{title}</h1>
      <p>{tp(p.lang, `done.${p.done}.body`)}</p>
    </Page>
  );
}

export function PhoneStopPage(p: { lang: Lang; nonce: string; reason: PhoneStop; requestId?: string }) {
  const title = tp(p.lang, `stop.${p.reason}.title`);
  return (
    <Page lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{tp(p.lang, `stop.${p.reason}.body`)}</p>
      <p class="muted" data-code={p.reason}>{tp(p.lang, "page.code", { code: p.reason })}</p>
      {p.requestId && <p class="muted">{tp(p.lang, "page.requestId", { id: p.requestId })}</p>}
    </Page>
  );
}
