import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { AppError } from "../kernel/errors.ts";
import { oaConnectorFor } from "../oa/index.ts";
import { type BindingRule, comparisonOf, type MatchKeys, matchPerson, type MatchResult, termsOf, welinkValue } from "./match.ts";
import { closeOpenReviewsOf, queueReview } from "./review-store.ts";
import * as store from "./store.ts";
import { rememberUser, type WelinkProfile } from "./welink-store.ts";

export type Binding = store.BindingWithPerson;
export type BindingMethod = store.BindingRow["method"];

/** What the rule and the bind page need to know of a WeLink person (WelinkUser fits). */
export type WelinkPerson = { userId: string; mobileNumber?: string; email?: string; employeeId?: string };

/** 5 wrong passwords per WeLink person lock binding by password for 15 minutes. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export const bindingErrors = {
  oaTaken: () =>
    new AppError("BINDING_CONFLICT"),
  welinkTaken: () =>
    new AppError("BINDING_CONFLICT", { variant: "welinkTaken" }),
};

export const findBinding = (deps: Deps, corpId: string, welinkUserId: string) => store.findBindingRow(deps.db, corpId, welinkUserId);

/** `welink`: the person as their sign-in described them, recorded in the mirror with the binding (app paths). */
export type NewBinding = { tenantId: string; corpId: string; welinkUserId: string; oaUserId: string; method: BindingMethod; welink?: WelinkProfile };

/**
 * Binds a WeLink person to an OA person. Unique on both sides within the corp: an existing
 * binding is never moved silently, so either side being taken is a clear refusal.
 */
export async function createBinding(deps: Deps, ctx: Ctx, { welink, ...input }: NewBinding): Promise<store.BindingRow> {
  return inTransaction(deps.db, async (tx) => {
    // Same transaction as the binding: the mirror knows the person whenever the binding exists.
    const remember = () => (welink ? rememberUser(tx, { tenantId: input.tenantId, corpId: input.corpId }, { ...welink, userId: input.welinkUserId }, deps.clock.now()) : undefined);
    const mine = await store.findBindingRow(tx, input.corpId, input.welinkUserId);
    if (mine && mine.oaUserId === input.oaUserId) {
      await remember();
      return mine;
    }
    if (mine) throw bindingErrors.welinkTaken();
    if (await store.findBindingOfOaUser(tx, input.corpId, input.oaUserId)) throw bindingErrors.oaTaken();
    await remember();
    const row: store.BindingRow = { ...input, createdAt: deps.clock.now(), createdBy: ctx.actor.label };
    await store.insertBinding(tx, row);
    await closeOpenReviewsOf(tx, input.corpId, input.welinkUserId, { resolvedAt: row.createdAt, resolvedBy: ctx.actor.label });
    await recordAudit(tx, row.createdAt, ctx, { action: "binding.create", target: bindingTarget(input), after: row, tenantId: input.tenantId });
    return row;
  });
}

/** Removes a person's binding (audited with what it was); false when there was none. */
export async function removeBinding(deps: Deps, ctx: Ctx, scope: { tenantId: string; corpId: string }, welinkUserId: string): Promise<store.BindingRow | undefined> {
  return inTransaction(deps.db, async (tx) => {
    const before = await store.findBindingRow(tx, scope.corpId, welinkUserId);
    if (!before) return undefined;
    await store.deleteBindingRow(tx, scope.corpId, welinkUserId);
    const { oaAccount: _a, oaName: _n, ...row } = before;
    await recordAudit(tx, deps.clock.now(), ctx, { action: "binding.delete", target: bindingTarget(before), before: row, tenantId: scope.tenantId });
    return row;
  });
}

export const bindingTarget = (b: { corpId: string; welinkUserId: string }) => `corp:${b.corpId}/welink:${b.welinkUserId}`;

/**
 * The WeLink side's values for the rule: `account` is the WeLink account id without its "@domain";
 * `emailPrefix` the e-mail's part before its @ (the term compares it without case).
 */
export function welinkKeys(p: WelinkPerson): MatchKeys {
  const at = p.email?.indexOf("@") ?? -1;
  return { mobile: p.mobileNumber, email: p.email, account: p.userId.replace(/@.*$/, ""), employeeNo: p.employeeId, emailPrefix: at > 0 ? p.email!.slice(0, at) : undefined };
}

/** The OA person the corp's binding rule singles out for this WeLink person, if exactly one. */
export async function matchByRule(deps: Deps, scope: { tenantId: string; corpId: string }, rule: BindingRule, welinkUser: WelinkPerson): Promise<MatchResult> {
  if (!rule.enabled || rule.terms.length === 0) return { matched: false, reason: "disabled" };
  const raw = welinkKeys(welinkUser);
  const keys = termsOf(rule).flatMap((t) => {
    const value = welinkValue(t, raw);
    return value === undefined ? [] : [{ field: t.oa, how: comparisonOf(t), value }];
  });
  const candidates = await store.ruleCandidates(deps.db, scope.tenantId, keys);
  const bound = await store.boundAmong(deps.db, scope.corpId, candidates.map((c) => c.id));
  const result = matchPerson(rule, raw, candidates, bound);
  // Several OA people fit: the rule never guesses, an admin picks (the entry flow shows the bind page meanwhile).
  if (!result.matched && result.reason === "ambiguous") {
    await queueReview(deps.db, deps.clock.now(), { ...scope, welinkUserId: welinkUser.userId, field: result.field, candidates: result.candidates });
  }
  return result;
}

export type PasswordBind = { tenantId: string; corp: { id: string }; welinkUserId: string; account: string; password: string; welink?: WelinkProfile };

export type PasswordBindResult =
  | { ok: true; binding: store.BindingRow; oaAccount: string; oaName: string }
  | { ok: false; reason: "wrong"; remaining: number }
  | { ok: false; reason: "locked"; lockedUntil: number }
  | { ok: false; reason: "disabled" | "conflict" | "directory-locked" };

/**
 * Binds with the person's OA account and password, checked by the OA connector. Every attempt is
 * audited as `binding.password` with its result (never the password); OA failures (unreachable…)
 * are thrown and do not count against the person. An account the OA's directory itself has locked
 * is said as such (`directory-locked`) and not counted either: typing again cannot help.
 */
export async function bindByPassword(deps: Deps, ctx: Ctx, input: PasswordBind): Promise<PasswordBindResult> {
  const key = { tenantId: input.tenantId, corpId: input.corp.id, welinkUserId: input.welinkUserId };
  const audit = (after: Record<string, unknown>) =>
    recordAudit(deps.db, deps.clock.now(), ctx, { action: "binding.password", target: bindingTarget(key), after: { account: input.account, ...after }, tenantId: input.tenantId });
  const lock = await store.findLockout(deps.db, key.corpId, key.welinkUserId);
  if (lock?.lockedUntil && lock.lockedUntil > deps.clock.now()) {
    await audit({ result: "locked", lockedUntil: lock.lockedUntil });
    return { ok: false, reason: "locked", lockedUntil: lock.lockedUntil };
  }
  const person = await verify(deps, input).catch(async (e: unknown) => {
    if (e instanceof AppError && e.code === "OA_LDAP_ACCOUNT_LOCKED") return "directory-locked" as const;
    await audit({ result: "error", error: e instanceof AppError ? e.code : "INTERNAL" });
    throw e;
  });
  if (person === "directory-locked") {
    await audit({ result: "directory-locked" });
    return { ok: false, reason: "directory-locked" };
  }
  if (!person) return countFailure(deps, key, audit);
  if (!person.active) {
    await audit({ result: "disabled", oaUserId: person.id });
    return { ok: false, reason: "disabled" };
  }
  return bindVerified(deps, ctx, { ...key, welink: input.welink }, person, audit);
}

type Audit = (after: Record<string, unknown>) => Promise<void>;
type Key = { tenantId: string; corpId: string; welinkUserId: string };

async function verify(deps: Deps, input: PasswordBind) {
  const account = input.account.trim();
  if (account === "" || input.password === "") return undefined;
  return (await oaConnectorFor(deps, input.tenantId)).verifyPassword(account, input.password);
}

async function countFailure(deps: Deps, key: Key, audit: Audit): Promise<PasswordBindResult> {
  const now = deps.clock.now();
  const failures = await inTransaction(deps.db, async (tx) => {
    const n = await store.addFailure(tx, key);
    if (n >= MAX_FAILURES) await store.lockUntil(tx, key.corpId, key.welinkUserId, now + LOCK_MS);
    return n;
  });
  if (failures >= MAX_FAILURES) {
    await audit({ result: "wrong-password", locked: true, lockedUntil: now + LOCK_MS });
    return { ok: false, reason: "locked", lockedUntil: now + LOCK_MS };
  }
  await audit({ result: "wrong-password", failures });
  return { ok: false, reason: "wrong", remaining: MAX_FAILURES - failures };
}

async function bindVerified(deps: Deps, ctx: Ctx, key: Key & { welink?: WelinkProfile }, person: { id: string; account: string; name: string }, audit: Audit): Promise<PasswordBindResult> {
  try {
    const binding = await createBinding(deps, ctx, { ...key, oaUserId: person.id, method: "password" });
    await store.clearLockout(deps.db, key.corpId, key.welinkUserId);
    await audit({ result: "ok", oaUserId: person.id });
    return { ok: true, binding, oaAccount: person.account, oaName: person.name };
  } catch (e) {
    if (!(e instanceof AppError && e.code === "BINDING_CONFLICT")) throw e;
    await audit({ result: "conflict", oaUserId: person.id });
    return { ok: false, reason: "conflict" };
  }
}
