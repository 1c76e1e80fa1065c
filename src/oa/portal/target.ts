/**
 * Where a handoff may send the browser: only under the OA's own web base URL. Pure functions,
 * no I/O. Everything that is not plainly a path or an absolute URL under the base is refused
 * rather than repaired, because browsers and servers disagree on the odd cases (backslashes,
 * encoded slashes, protocol-relative `//host`) and each disagreement is an open redirect.
 */

export type OaModule = { name: string; path: string };
export type TargetChoice = { kind: "module" | "link"; value: string };
export type PortalTargets = { webBaseUrl: string; modules: OaModule[] };

// Control characters, whitespace, backslashes and their percent-encodings, and encoded slashes.
const SUSPICIOUS = /[\u0000-\u0020\u007f\\]|%(?:2f|5c|0[0-9a-f]|1[0-9a-f]|7f)/i;

/** An OA path as the settings hold them: "/x…", never "//x" (another host) nor anything suspicious. */
export function isOaPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !SUSPICIOUS.test(value) && value.length <= 2000;
}

/** The base as a URL, and its path without the trailing slash ("" for the root). */
function baseOf(webBaseUrl: string): { url: URL; path: string } {
  const url = new URL(webBaseUrl);
  return { url, path: url.pathname.replace(/\/+$/, "") };
}

/** True when `url` lies under the base: same origin, and the base's path as a whole segment prefix. */
function isUnder(url: URL, base: { url: URL; path: string }): boolean {
  if (url.origin !== base.url.origin || url.username || url.password) return false;
  return base.path === "" || url.pathname === base.path || url.pathname.startsWith(`${base.path}/`);
}

/** `value` (an OA path or an absolute URL) as an absolute URL under the base, or undefined. */
export function underBase(webBaseUrl: string, value: string): string | undefined {
  const base = baseOf(webBaseUrl);
  let url: URL;
  try {
    if (isOaPath(value)) url = new URL(base.path + value, base.url.origin);
    else if (/^https?:\/\//i.test(value) && !SUSPICIOUS.test(value)) url = new URL(value);
    else return undefined;
  } catch {
    return undefined;
  }
  // Checked after parsing, so dot segments ("/oa/../admin", "%2e%2e") are already resolved.
  return isUnder(url, base) ? url.href : undefined;
}

/** The base itself, with a trailing slash when it has a path ("https://oa/x" → "https://oa/x/"). */
const rootOf = (webBaseUrl: string) => {
  const base = baseOf(webBaseUrl);
  return new URL(`${base.path}/`, base.url.origin).href;
};

/**
 * The absolute URL a handoff lands on. A `requested` target (the `target` parameter) wins when it
 * lies under the base, and is ignored otherwise; then the app's choice (a module by name, or a
 * link); a module no longer in the list or a link outside the base falls back to the OA's root.
 */
export function resolveTarget(portal: PortalTargets, choice: TargetChoice, requested?: string): string {
  const wanted = requested ? underBase(portal.webBaseUrl, requested) : undefined;
  if (wanted) return wanted;
  const value = choice.kind === "module" ? portal.modules.find((m) => m.name === choice.value)?.path : choice.value;
  return (value && underBase(portal.webBaseUrl, value)) || rootOf(portal.webBaseUrl);
}
