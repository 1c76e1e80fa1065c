import { normalizeMobile } from "../../directory/index.ts";
import type { UserRecord } from "../from-welink/diff.ts";
import { because } from "./reasons.ts";
import type { PlanItem, UserDesired, WelinkUserField } from "./types.ts";
import { type Checked, cleanText, NAME_MAX, type Problem, welinkEmail, welinkMobile, welinkText } from "./welink-values.ts";

/**
 * A person's fields in WeLink's forms, and the check that keeps a value WeLink would refuse out
 * of the writes: the plan marks such an item `invalid` (with what is wrong) and it is never sent.
 * Only what an item would send is checked — an update sends the fields that changed — so a
 * malformed mobile that WeLink already holds does not stop a new position from going through.
 */

export function welinkValue(f: WelinkUserField, raw: string): Checked {
  if (f === "mobileNumber") return welinkMobile(raw);
  if (f === "email") return welinkEmail(raw);
  return welinkText(raw, f === "nameCn" || f === "nameEn" ? NAME_MAX : undefined);
}

/** The value in WeLink's form, or the cleaned OA value with a problem when it has none. */
export function formValue(f: WelinkUserField, raw: string, problems: Problem[]): string {
  const c = welinkValue(f, raw);
  if (c.ok) return c.value;
  problems.push({ field: f, kind: c.kind, value: cleanText(raw), ...(c.max === undefined ? {} : { max: c.max }) });
  return cleanText(raw);
}

/** Mobiles already held in WeLink (national form → userId) and those this plan writes (→ OA person's name). */
export type MobileClaims = { welink: Map<string, string>; plan: Map<string, string> };

export function mobileClaims(users: readonly UserRecord[]): MobileClaims {
  const welink = new Map<string, string>();
  for (const u of users) {
    const n = normalizeMobile(u.mobile);
    if (n !== undefined && !welink.has(n)) welink.set(n, u.userId);
  }
  return { welink, plan: new Map() };
}

/** The user fields an item sends: all on create, the changed ones otherwise. */
export function sentFields(item: PlanItem, desired: UserDesired): Set<string> {
  if (item.action === "create") return new Set(Object.keys(desired).filter((k) => k !== "depts"));
  return new Set(Object.keys(item.changes ?? {}));
}

/** The item as planned, or the same item marked invalid with the problems of the fields it would send. */
export function checkSendable(item: PlanItem, problems: readonly Problem[], claims: MobileClaims): PlanItem {
  const desired = item.desired as UserDesired | null;
  if (!desired || item.action === "skip" || item.action === "remove") return item;
  const sent = sentFields(item, desired);
  const found = problems.filter((p) => sent.has(p.field));
  const national = sent.has("mobileNumber") ? normalizeMobile(desired.mobileNumber) : undefined;
  if (national !== undefined && !found.some((p) => p.field === "mobileNumber")) {
    const holder = claims.welink.get(national);
    const planned = claims.plan.get(national);
    if (holder !== undefined && holder !== item.welinkId) found.push({ field: "mobileNumber", kind: "mobileTaken", value: desired.mobileNumber, holder });
    else if (planned !== undefined) found.push({ field: "mobileNumber", kind: "mobileTaken", value: desired.mobileNumber, holder: planned });
  }
  if (found.length > 0) return { ...item, invalid: true, ...because("invalid", undefined, found) };
  if (national !== undefined) claims.plan.set(national, item.name);
  return item;
}
