import { utf8Bytes } from "./messages-store.ts";

/**
 * Field rules of the public-account message APIs (reference §6, checked against WeLink's pages
 * start-141, 145, 146). Limits are UTF-8 bytes, as WeLink counts them. A rule returns the WeLink
 * code and message to answer, or undefined when the field is fine.
 */
export type Failure = { code: string; message: string };

const MISSING = "51021";
const INVALID = "51062";
const TOO_MANY = "51018";
const BAD_STATUS = "51104";

export const MAX_USERS = 1000;
/** "≤ 100 departments or roles" (§6.3); WeLink names no code for it, so the receiver-count code [inferred]. */
export const MAX_GROUPS = 100;
const TEXT_LIMITS: Record<string, number> = { msgOwner: 18, msgTitle: 128, msgContent: 512 };

const present = (v: unknown) => v !== undefined && v !== null;
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string" && x !== "");
const oneOf = (v: unknown, allowed: string[]) => !present(v) || ((typeof v === "string" || typeof v === "number") && allowed.includes(String(v)));

export function requireFields(b: Record<string, unknown>, keys: string[]): Failure | undefined {
  for (const key of keys) {
    const v = b[key];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) return { code: MISSING, message: `推送消息缺少必要的参数: ${key}` };
  }
  return undefined;
}

/** msgOwner ≤ 18 B, msgTitle ≤ 128 B, msgContent ≤ 512 B (bilingual JSON strings count whole). */
export function checkTexts(b: Record<string, unknown>): Failure | undefined {
  for (const [key, max] of Object.entries(TEXT_LIMITS)) {
    const v = b[key];
    if (!present(v)) continue;
    if (typeof v !== "string") return { code: INVALID, message: `${key} must be a string` };
    const bytes = utf8Bytes(v);
    if (bytes > max) return { code: INVALID, message: `${key} is ${bytes} bytes (UTF-8); at most ${max} are allowed` };
  }
  return undefined;
}

export type Receivers = { range: "0" | "1" | "2"; users: string[]; depts: string[]; roles: string[] };

/** msgRange (default "0" per start-141) and the list it needs. */
export function readReceivers(b: Record<string, unknown>, ranges: string[]): Receivers | Failure {
  const range = present(b.msgRange) && b.msgRange !== "" ? String(b.msgRange) : "0";
  if (!ranges.includes(range)) return { code: "51059", message: `msgRange ${range} is not supported here` };
  for (const key of ["toUserList", "departmentList", "roleList"]) {
    if (present(b[key]) && !isStringList(b[key])) return { code: INVALID, message: `${key} must be an array of non-empty strings` };
  }
  const users = (b.toUserList as string[] | undefined) ?? [];
  const depts = (b.departmentList as string[] | undefined) ?? [];
  const roles = (b.roleList as string[] | undefined) ?? [];
  if (range === "0" && users.length === 0) return { code: MISSING, message: "推送消息缺少必要的参数: toUserList" };
  if (range === "1" && depts.length === 0) return { code: "51056", message: "msgRange=1 needs departmentList" };
  if (range === "2" && roles.length === 0) return { code: "51095", message: "msgRange=2 needs roleList" };
  if (users.length > MAX_USERS) return { code: TOO_MANY, message: `单次发送用户数最大${MAX_USERS}人 (got ${users.length})` };
  if (depts.length > MAX_GROUPS || roles.length > MAX_GROUPS) return { code: TOO_MANY, message: `at most ${MAX_GROUPS} departments or roles per request` };
  return { range: range as Receivers["range"], users, depts, roles };
}

/** `messageStatus` is a JSON string `{"CN":…,"EN":…}`: CN 2–5 characters, EN 2–10 (start-141/145). */
export function statusProblem(v: unknown): string | undefined {
  if (typeof v !== "string") return "messageStatus must be a JSON string";
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return "messageStatus is not JSON";
  }
  const { CN, EN } = (parsed ?? {}) as { CN?: unknown; EN?: unknown };
  if (typeof CN !== "string" || typeof EN !== "string") return 'messageStatus needs "CN" and "EN" strings';
  const cn = [...CN].length;
  const en = [...EN].length;
  if (cn < 2 || cn > 5) return `messageStatus CN must be 2–5 characters (got ${cn})`;
  if (en < 2 || en > 10) return `messageStatus EN must be 2–10 characters (got ${en})`;
  return undefined;
}

/** Options of the normal card (start-141): device type, link type, status label and colour (1–3). */
export function checkCardOptions(b: Record<string, unknown>): Failure | undefined {
  if (!oneOf(b.receiveDeviceType, ["0", "1", "2"])) return { code: INVALID, message: "receiveDeviceType must be 0, 1 or 2" };
  if (!oneOf(b.urlType, ["html"])) return { code: INVALID, message: 'urlType supports only "html"' };
  if (!oneOf(b.isForceTips, ["0", "1"])) return { code: INVALID, message: "isForceTips must be 0 or 1" };
  if (!oneOf(b.statusColor, ["1", "2", "3"])) return { code: INVALID, message: "statusColor must be 1 (blue), 2 (grey) or 3 (orange)" };
  for (const key of ["urlPath", "desktopUrlPath", "publicAccID"]) {
    if (present(b[key]) && typeof b[key] !== "string") return { code: INVALID, message: `${key} must be a string` };
  }
  if (present(b.messageStatus)) {
    const problem = statusProblem(b.messageStatus);
    if (problem) return { code: INVALID, message: problem };
  }
  return undefined;
}

/** Options of the public-account text message (§6.2): display mode 0/1, force tips, createTime in ms. */
export function checkSendOptions(b: Record<string, unknown>): Failure | undefined {
  if (!oneOf(b.msgDisplayMode, ["0", "1"])) return { code: INVALID, message: "msgDisplayMode must be 0 or 1" };
  if (!oneOf(b.isForceTips, ["0", "1"])) return { code: INVALID, message: "isForceTips must be 0 or 1" };
  if (!oneOf(b.urlType, ["html"])) return { code: INVALID, message: 'urlType supports only "html"' };
  if (present(b.createTime) && !/^\d+$/.test(String(b.createTime))) return { code: INVALID, message: "createTime must be epoch milliseconds" };
  for (const key of ["urlPath", "desktopUrlPath", "publicAccID"]) {
    if (present(b[key]) && typeof b[key] !== "string") return { code: INVALID, message: `${key} must be a string` };
  }
  return undefined;
}

/** The status update (start-145): its own colour scale, 0 grey / 1 yellow / 2 green. */
export function checkUpdate(b: Record<string, unknown>): Failure | undefined {
  const missing = requireFields(b, ["toUserList", "itemId", "messageStatus"]);
  if (missing) return missing;
  if (!isStringList(b.toUserList)) return { code: MISSING, message: "toUserList must be an array of userIds" };
  if (b.toUserList.length > MAX_USERS) return { code: TOO_MANY, message: `单次修改用户数最大${MAX_USERS}人 (got ${b.toUserList.length})` };
  const problem = statusProblem(b.messageStatus);
  if (problem) return { code: BAD_STATUS, message: problem };
  // WeLink names no code for a bad colour; the status code is the nearest [inferred].
  if (!oneOf(b.statusColor, ["0", "1", "2"])) return { code: BAD_STATUS, message: "statusColor must be 0 (grey), 1 (yellow) or 2 (green)" };
  return undefined;
}

/** Copies the fields a phone shows, leaving out the receiver lists. */
export function displayFields(b: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (present(b[key])) out[key] = typeof b[key] === "number" ? String(b[key]) : b[key];
  return out;
}
