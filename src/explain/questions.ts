import { type Answer, answerOf, type Check, type Question } from "./answer.ts";
import type { AppFacts, PersonFacts, TenantFacts } from "./facts.ts";
import type { Subject } from "./find.ts";

/** The four answers for one person, from the facts gathered about them. Pure: no I/O. */

const WELINK_STATUS_ACTIVE = 3;
const enc = encodeURIComponent;

function links(s: Subject) {
  const dir = `/admin/directory/${enc(s.corp.id)}`;
  return {
    corp: `/admin/corps/${enc(s.corp.id)}`,
    person: s.welink ? `${dir}/people/${enc(s.welink.userId)}` : `${dir}/bindings`,
    bindings: `${dir}/bindings`,
    push: `${dir}/push`,
    app: (id: string) => `/admin/apps/${enc(id)}`,
  };
}

/** A WeLink person the mirror still has: only they can be looked up in an app's visible range. */
const live = (s: Subject) => s.welink !== null && s.welink.removedAt === null;

/** Is there a WeLink account, is it usable, who is it bound to. */
function personChecks(s: Subject): Check[] {
  const l = links(s);
  const out: Check[] = [];
  if (!s.welink) out.push({ code: "person.notInWelink", state: "bad", params: { corp: s.corp.name }, fix: l.bindings });
  else if (s.welink.removedAt !== null) out.push({ code: "account.removed", state: "bad", fix: l.person });
  else if (s.welink.status !== WELINK_STATUS_ACTIVE) out.push({ code: "account.notActive", state: "bad", params: { status: s.welink.status }, fix: l.person });
  else out.push({ code: "account.active", state: "ok" });
  if (s.welink) out.push(...bindingChecks(s));
  return out;
}

function bindingChecks(s: Subject): Check[] {
  const l = links(s);
  if (s.method === null) return [{ code: "binding.none", state: "bad", fix: l.person }];
  if (!s.oa) return [{ code: "oa.missing", state: "bad", fix: l.person }];
  const bound: Check = { code: "binding.bound", state: "ok", params: { account: s.oa.account, name: s.oa.name, how: s.method } };
  return s.oa.active ? [bound] : [bound, { code: "oa.inactive", state: "bad", params: { account: s.oa.account } }];
}

function appCheck(s: Subject, a: AppFacts): Check {
  const fix = links(s).app(a.id);
  const params = { app: a.name };
  switch (a.visibility) {
    case "visible": return { code: "app.visible", state: "ok", params };
    case "invisible": return { code: "app.invisible", state: "bad", params, fix };
    case "gone": return { code: "app.gone", state: "bad", params, fix: links(s).person };
    case "noReadPermission": return { code: "app.noReadPermission", state: "unknown", params, fix };
    default: return { code: "app.unchecked", state: "unknown", params: { ...params, detail: a.detail ?? "" }, fix };
  }
}

function openApp(s: Subject, p: PersonFacts, t: TenantFacts): Answer {
  const checks: Check[] = [];
  if (!s.corp.enabled) checks.push({ code: "corp.disabled", state: "bad", fix: links(s).corp });
  checks.push(...personChecks(s));
  if (s.corp.enabled && p.apps.length === 0) checks.push({ code: "apps.none", state: "bad", fix: links(s).corp });
  if (live(s)) checks.push(...p.apps.map((a) => appCheck(s, a)));
  const { method, ready } = t.signIn;
  if (ready) checks.push({ code: "signIn.ready", state: "ok", params: { method } });
  else if (method === "handoff") checks.push({ code: "signIn.portalMissing", state: "bad", fix: "/admin/oa/portal" });
  else if (method === "cas") checks.push({ code: "signIn.noCasService", state: "bad", fix: "/admin/sso/cas" });
  else checks.push({ code: "signIn.noOidcClient", state: "bad", fix: "/admin/sso/oidc" });
  // Several apps: the person can open the app when any one of them shows it to them.
  const apps = checks.filter((c) => c.code.startsWith("app."));
  if (apps.some((c) => c.state === "ok")) for (const c of apps) if (c.state === "bad") c.state = "info";
  return answerOf(checks);
}

function messages(s: Subject, p: PersonFacts): Answer {
  const checks: Check[] = personChecks(s);
  const { rules, last } = p.reach;
  if (rules.length === 0) checks.push({ code: "rules.none", state: "bad", fix: "/admin/push" });
  for (const r of rules) {
    const targets = r.targets.map((t) => ({ app: p.apps.find((a) => a.id === t.appId)?.name ?? t.appId, type: t.type }));
    const code = r.sources.includes("*") ? "rule.matchAll" : "rule.match";
    checks.push({ code, state: "ok", params: { rule: r.name, sources: r.sources.join(", ") }, targets, fix: `/admin/push/rules/${enc(r.id)}/edit` });
  }
  const used = new Set(rules.flatMap((r) => r.targets.map((t) => t.appId)));
  if (live(s)) checks.push(...p.apps.filter((a) => used.has(a.id)).map((a) => appCheck(s, a)));
  const log = `/admin/push/messages?person=${enc(s.oa?.account ?? s.welink?.userId ?? "")}`;
  if (!last) checks.push({ code: "delivery.none", state: "info" });
  else {
    const params = { title: last.title, source: last.source, status: last.status, at: last.at, reason: last.reason ?? "", welinkCode: last.welinkCode ?? "" };
    const code = last.status === "sent" ? "delivery.sent" : last.status === "pending" || last.status === "sending" ? "delivery.open" : "delivery.failed";
    checks.push({ code, state: code === "delivery.failed" ? "bad" : code === "delivery.sent" ? "ok" : "info", params, fix: log });
  }
  // A failed last delivery says what went wrong; it does not stop the next one when the rest holds.
  const failed = checks.find((c) => c.code === "delivery.failed");
  if (failed && checks.filter((c) => c.state === "bad").length === 1) failed.state = "info";
  return answerOf(checks);
}

function scanLogin(s: Subject, p: PersonFacts, t: TenantFacts): Answer {
  const checks: Check[] = [];
  const fix = "/admin/scan-login";
  checks.push(t.scan.enabled ? { code: "scan.on", state: "ok" } : { code: "scan.off", state: "bad", fix });
  const app = p.apps.find((a) => a.id === t.scan.appId);
  if (t.scan.appId === null) checks.push({ code: "scan.noApp", state: "bad", fix });
  else if (t.scan.corpId !== s.corp.id) checks.push({ code: "scan.otherCorp", state: "bad", fix });
  else checks.push({ code: "scan.app", state: "ok", params: { app: app?.name ?? t.scan.appId } });
  checks.push(...personChecks(s));
  if (app && live(s)) checks.push(appCheck(s, app));
  checks.push({ code: "scan.networks", state: "info", params: { networks: t.scan.trustedNetworks.join(", ") }, fix });
  return answerOf(checks);
}

function syncScope(s: Subject, p: PersonFacts): Answer {
  const fix = links(s).push;
  const { rule, inScope, dept } = p.scope;
  const params = dept ? { dept: dept.name } : undefined;
  const code = `scope.${rule}` as const;
  if (inScope === null) return answerOf([{ code, state: "info", fix: rule === "unknownPerson" ? links(s).person : fix }], true);
  return answerOf([{ code, state: inScope ? "ok" : "bad", ...(params ? { params } : {}), fix }]);
}

export function answersFor(s: Subject, p: PersonFacts, t: TenantFacts): Record<Question, Answer> {
  return { openApp: openApp(s, p, t), messages: messages(s, p), scanLogin: scanLogin(s, p, t), syncScope: syncScope(s, p) };
}
