import { AppError } from "../kernel/errors.ts";

/** A WeLink failure in the project's vocabulary, keeping what WeLink said. */
export class WelinkError extends AppError {
  readonly welinkCode: string | undefined;
  readonly welinkMessage: string | undefined;
  /** "METHOD /api/path" of the call (never its query string, which may hold a code). */
  readonly api: string;
  /** Recipients WeLink refused (51019 and message updates). */
  readonly failedUserIds: string[];
  /** A card's id, when WeLink sent it despite refusing some recipients. */
  readonly itemId: string | undefined;

  constructor(code: string, status: number, message: string, d: WelinkErrorDetails & { retryable?: boolean }) {
    super(code, status, message, { retryable: d.retryable ?? false, cause: d.cause });
    this.name = "WelinkError";
    this.welinkCode = d.welinkCode;
    this.welinkMessage = d.welinkMessage;
    this.api = d.api;
    this.failedUserIds = d.failedUserIds ?? [];
    this.itemId = d.itemId;
  }
}

export type WelinkErrorDetails = {
  api: string;
  welinkCode?: string;
  welinkMessage?: string;
  failedUserIds?: string[];
  itemId?: string;
  cause?: unknown;
};

/** Codes after which the cached token is dropped, a new one fetched, and the call retried once (§0.6). */
export const TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(["47101", "47103", "55014", "41600", "58401"]);
/** No permission. Also what an old token says right after a grant (§0.4), so it earns one refresh. */
export const NO_PERMISSION_CODE = "501";
export const RATE_LIMITED_CODE = "48503";

type Rule = { code: string; status: number; retryable?: boolean; explain: (d: WelinkErrorDetails) => string };
const RULES = new Map<string, Rule>();
const rule = (codes: string[], r: Rule) => codes.forEach((c) => RULES.set(c, r));
const said = (d: WelinkErrorDetails) => `WeLink answered ${d.welinkCode} "${d.welinkMessage ?? ""}" to ${d.api}`;

rule(["10007", "41579", "41580", "60010"], {
  code: "WELINK_AUTH_FAILED",
  status: 502,
  explain: (d) => `${said(d)}: WeLink rejected the app's client_id or client_secret. Check them against the WeLink developer console; the bridge does not retry, so WeLink will not lock the app because of it.`,
});
rule(["41403", "60009"], {
  code: "WELINK_LOCKED",
  status: 502,
  explain: (d) => `${said(d)}: WeLink has locked this client_id after too many wrong secrets. Correct the client_secret in the bridge, wait for the lock to lift (about 15 minutes), then test the connection again.`,
});
rule([NO_PERMISSION_CODE], {
  code: "WELINK_NO_PERMISSION",
  status: 502,
  explain: (d) => `${said(d)}: the WeLink app lacks the permission for this API. In the WeLink developer console apply for "${permissionFor(d.api)}" for the app; the bridge uses the grant from its next token.`,
});
rule([RATE_LIMITED_CODE], {
  code: "WELINK_RATE_LIMITED",
  status: 503,
  retryable: true,
  explain: (d) => `${said(d)}: WeLink's rate limit was hit; try again shortly.`,
});
rule(["51019"], {
  code: "WELINK_NOT_VISIBLE",
  status: 422,
  explain: (d) => `${said(d)}: ${d.failedUserIds?.length ?? 0} recipient(s) are outside the app's visible range or do not follow its account (${(d.failedUserIds ?? []).slice(0, 10).join(", ")}). Widen the app's visible range in WeLink or drop them.`,
});
rule([...TOKEN_ERROR_CODES], {
  code: "WELINK_TOKEN_INVALID",
  status: 502,
  retryable: true,
  explain: (d) => `${said(d)}: WeLink refused the access token (an app token is renewed and the call retried once before this is reported).`,
});
rule(["41500", "51078", "60011", "60012", "500", "58500"], {
  code: "WELINK_UNAVAILABLE",
  status: 503,
  retryable: true,
  explain: (d) => `${said(d)}: WeLink reported a server error; try again later.`,
});
rule(["47001", "47012", "55008", "51033", "51111"], { code: "WELINK_NOT_FOUND", status: 404, explain: (d) => `${said(d)}: WeLink has no such object.` });
rule(["55010", "55015"], { code: "WELINK_DUPLICATE", status: 409, explain: (d) => `${said(d)}: WeLink already has this object.` });
rule(["41501", "41502", "41503", "41504", "60007", "60008"], {
  code: "WELINK_CODE_INVALID",
  status: 400,
  explain: (d) => `${said(d)}: the sign-in code is malformed, expired or already used; sign in again from WeLink.`,
});
rule(
  ["47003", "47004", "47013", "51018", "51021", "51056", "51059", "51062", "51095", "51104", "55000", "55005", "60002", "60003", "60004", "60005", "60006", "60013"],
  { code: "WELINK_INVALID_REQUEST", status: 422, explain: (d) => `${said(d)}: WeLink refused the request's parameters.` },
);

/** Maps a WeLink answer whose `code` is not success to the project's error. */
export function fromWelinkCode(d: WelinkErrorDetails & { welinkCode: string }): WelinkError {
  const r = RULES.get(d.welinkCode);
  if (!r) return new WelinkError("WELINK_ERROR", 502, `${said(d)}.`, d);
  return new WelinkError(r.code, r.status, r.explain(d), { ...d, retryable: r.retryable });
}

/** No usable answer: network failure, timeout, 5xx, or an answer that is not WeLink JSON. */
export function unavailable(api: string, reason: string, cause?: unknown): WelinkError {
  return new WelinkError("WELINK_UNAVAILABLE", 503, `WeLink did not answer ${api} usably: ${reason}.`, { api, retryable: true, cause });
}

export function badResponse(api: string, what: string): WelinkError {
  return new WelinkError("WELINK_BAD_RESPONSE", 502, `WeLink's answer to ${api} is not what the client expects: ${what}.`, { api });
}

export function pagingLoop(api: string, what: string): WelinkError {
  return new WelinkError("WELINK_PAGING_LOOP", 502, `Stopped listing through ${api}: ${what}. WeLink's paging is not advancing; the listing is incomplete.`, { api });
}

/** What to apply for in the developer console (§0.4; the contact-sync label is the documented one). */
export function permissionFor(api: string): string {
  const path = api.slice(api.indexOf(" ") + 1);
  if (/^\/api\/contact\/v\d\/(department|user)\/(create|update|delete|batch|mobilenumber)/.test(path) || path.startsWith("/api/contact/v1/batch/")) {
    return "通讯录同步 (contact sync)";
  }
  if (path.startsWith("/api/contact/")) return "通讯录读取 (contact read)";
  if (path.startsWith("/api/todo/")) return "待办 (todo)";
  if (path.startsWith("/api/messages/")) return "消息 (message push)";
  if (path.startsWith("/api/auth/")) return "免登 (free login / user identity)";
  return `the permission group of ${path}`;
}

/** Replaces every occurrence of the given secrets (≥ 4 characters) in a text WeLink or fetch produced. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
