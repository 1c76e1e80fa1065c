/** @jsxImportSource hono/jsx */
import Bowser from "bowser";
import type { Lang } from "../../kernel/i18n.ts";
import { tll } from "./i18n.ts";

export type ParsedDevice = { browser: string; os: string; type: "mobile" | "tablet" | "desktop" | "tv" | "unknown" };

const major = (version: string | undefined) => (version ? version.split(".").slice(0, 2).join(".").replace(/\.0$/, "") : "");
const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(" ");

/**
 * The browser, system and kind of device a user agent names (bowser, MIT). WeLink's own webview
 * names itself `welink/7.40.5` at the end; that is the browser an admin wants to see there.
 */
export function parseDevice(ua: string, o: { short?: boolean } = {}): ParsedDevice {
  const r = Bowser.parse(ua);
  const welink = /\bwelink\/([\d.]+)/i.exec(ua);
  // Short: the browser's major version and the system's name ("Chrome 131 · Windows"), for a phone's screen.
  const version = (v: string | undefined) => (o.short ? v?.split(".")[0] : major(v));
  const browser = welink ? join("WeLink", o.short ? version(welink[1]) : welink[1]) : join(r.browser.name, version(r.browser.version));
  const os = o.short ? (r.os.name ?? "") : join(r.os.name, r.os.versionName ?? major(r.os.version));
  const kind = r.platform.type;
  const type = kind === "mobile" || kind === "tablet" || kind === "desktop" || kind === "tv" ? kind : "unknown";
  return { browser, os, type };
}

/** The parsed device in words, the raw user agent one click away. */
export function Device({ lang, ua, label }: { lang: Lang; ua: string | null; label?: string }) {
  if (!ua) return null;
  const d = parseDevice(ua);
  const text = [d.browser, d.os].filter(Boolean).join(" · ") || tll(lang, "log.device.unknown");
  return (
    <div class="device">
      {label && <span class="muted">{`${label}: `}</span>}
      <span>{text}</span>
      {d.type !== "unknown" && <span class="muted">{` · ${tll(lang, `log.device.${d.type}`)}`}</span>}
      <details>
        <summary>{tll(lang, "log.device.raw")}</summary>
        <code class="wrap">{ua}</code>
      </details>
    </div>
  );
}
