import { AppErrorBase, type ErrorCode, type ErrorParams, type ParamsOf, type WordOf } from "../kernel/errors.ts";

/** A WeLink failure in the project's vocabulary, keeping what WeLink said. */
export class WelinkError extends AppErrorBase {
  declare readonly code: WelinkCode;
  readonly welinkCode: string | undefined;
  readonly welinkMessage: string | undefined;
  /** "METHOD /api/path" of the call (never its query string, which may hold a code). */
  readonly api: string;
  /** Recipients WeLink refused (51019 and message updates). */
  readonly failedUserIds: string[];
  /** A card's id, when WeLink sent it despite refusing some recipients. */
  readonly itemId: string | undefined;

  /** `retryable` only to override the catalog (tests of the outbox's classification). */
  constructor(code: WelinkCode, params: ErrorParams, d: WelinkErrorDetails & { retryable?: boolean }) {
    super(code, params, { retryable: d.retryable, cause: d.cause });
    this.name = "WelinkError";
    this.welinkCode = d.welinkCode;
    this.welinkMessage = d.welinkMessage;
    this.api = d.api;
    this.failedUserIds = d.failedUserIds ?? [];
    this.itemId = d.itemId;
  }

  /** A code with exactly the params its wording names (checked by the compiler). */
  static of<C extends WelinkCode>(code: C, params: ParamsOf<C>, d: WelinkErrorDetails): WelinkError {
    return new WelinkError(code, params, d);
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

/** The bridge's codes for WeLink's answers; the wording (and status, retryable) is the error catalog's. */
export type WelinkCode = Extract<ErrorCode, `WELINK_${string}`>;
const RULES = new Map<string, WelinkCode>();
const rule = (codes: string[], code: WelinkCode) => codes.forEach((c) => RULES.set(c, code));

rule(["10007", "41579", "41580", "60010"], "WELINK_AUTH_FAILED");
rule(["41403", "60009"], "WELINK_LOCKED");
rule([NO_PERMISSION_CODE], "WELINK_NO_PERMISSION");
rule([RATE_LIMITED_CODE], "WELINK_RATE_LIMITED");
rule(["51019"], "WELINK_NOT_VISIBLE");
rule([...TOKEN_ERROR_CODES], "WELINK_TOKEN_INVALID");
rule(["41500", "51078", "60011", "60012", "500", "58500"], "WELINK_UNAVAILABLE");
rule(["47001", "47012", "55008", "51033", "51111"], "WELINK_NOT_FOUND");
rule(["55010", "55015"], "WELINK_DUPLICATE");
rule(["41501", "41502", "41503", "41504", "60007", "60008"], "WELINK_CODE_INVALID");
rule(
  ["47003", "47004", "47013", "51018", "51021", "51056", "51059", "51062", "51095", "51104", "55000", "55005", "60002", "60003", "60004", "60005", "60006", "60013"],
  "WELINK_INVALID_REQUEST",
);

/** Maps a WeLink answer whose `code` is not success to the project's error. */
export function fromWelinkCode(d: WelinkErrorDetails & { welinkCode: string }): WelinkError {
  const code = RULES.get(d.welinkCode) ?? "WELINK_ERROR";
  // Every mapped wording starts with what WeLink said; two name more facts.
  const said: Record<string, string | number> = { welinkCode: d.welinkCode, welinkMessage: d.welinkMessage ?? "", api: d.api };
  if (code === "WELINK_NO_PERMISSION") said.permission = permissionFor(d.api);
  if (code === "WELINK_NOT_VISIBLE") Object.assign(said, { count: d.failedUserIds?.length ?? 0, users: (d.failedUserIds ?? []).slice(0, 10).join(", ") });
  return new WelinkError(code, said, d);
}

/** No usable answer: network failure, timeout, 5xx, or an answer that is not WeLink JSON. */
export function unavailable(api: string, reason: string, cause?: unknown): WelinkError {
  return WelinkError.of("WELINK_UNAVAILABLE", { variant: "noAnswer", api, reason }, { api, cause });
}

export function badResponse(api: string, what: string): WelinkError {
  return WelinkError.of("WELINK_BAD_RESPONSE", { api, what }, { api });
}

export function pagingLoop(api: string, what: string): WelinkError {
  return WelinkError.of("WELINK_PAGING_LOOP", { api, what }, { api });
}

/** What to apply for in the developer console (§0.4), as a key of the catalog's permission words. */
export function permissionFor(api: string): WordOf<"permission"> {
  const path = api.slice(api.indexOf(" ") + 1);
  if (/^\/api\/contact\/v\d\/(department|user)\/(create|update|delete|batch|mobilenumber)/.test(path) || path.startsWith("/api/contact/v1/batch/")) {
    return "contacts-sync";
  }
  if (path.startsWith("/api/contact/")) return "contacts-read";
  if (path.startsWith("/api/todo/")) return "todo";
  if (path.startsWith("/api/messages/")) return "messages";
  if (path.startsWith("/api/auth/")) return "identity";
  return "other";
}

/** Replaces every occurrence of the given secrets (≥ 4 characters) in a text WeLink or fetch produced. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
