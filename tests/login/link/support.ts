import { createBinding } from "../../../src/directory/bindings.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { runDispatcher } from "../../../src/messages/dispatcher.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { EntryClient, inputValue, startWorld, TENANT, tenantIdOf, type World, type WorldOptions } from "../entry/support.ts";

/**
 * The entry world (WeLink sandbox over HTTP, demo OA, the bridge in-process) with the first
 * three OA people bound, a todo push rule to the world's app, and helpers to push a todo through
 * the real intake and dispatcher and to follow a bridge link as a WeLink phone or a PC browser.
 */
export type LinkWorld = World & { cardsOf(p: OaPerson): Promise<Record<string, string>[]> } & { tenantId: string; push(o: { externalId: string; to: OaPerson[]; url: string; source?: "approval" | "notice" }): Promise<void>; todoOf(p: OaPerson, externalId: string): Promise<Record<string, string>> };

export const PC_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36";

export async function startLinkWorld(o: WorldOptions = { clock: frozenClock(Date.now()) }): Promise<LinkWorld> {
  const w = await startWorld(o);
  const tenantId = await tenantIdOf(w);
  for (const p of w.people.slice(0, 3)) {
    await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  }
  for (const [source, type] of [["approval", "todo"], ["notice", "card"]] as const) {
    const rule = await w.h.call("POST", "/api/v1/push-rules", { tenant: TENANT, body: { name: `${source}s`, sources: [source], targets: [{ corpId: w.corpId, appId: w.appId, type }] } });
    if (rule.status !== 201 && rule.status !== 200) throw new Error(`rule: ${rule.status} ${await rule.text()}`);
  }
  const pushToken = await w.h.tenantToken(TENANT, ["push"]);
  /** An approval becomes a todo, a notice a card (the rules above). */
  async function push(o: { externalId: string; to: OaPerson[]; url: string; source?: "approval" | "notice" }) {
    const body = { source: o.source ?? "approval", externalId: o.externalId, kind: "create", title: "请假申请", body: "3 天", mobileUrl: o.url, pcUrl: o.url, sender: "李雷", recipients: o.to.map((p) => p.id) };
    const res = await w.h.call("POST", "/api/v1/messages", { token: pushToken, body });
    if (res.status !== 202) throw new Error(`push: ${res.status} ${await res.text()}`);
    await runDispatcher(w.h.deps, { random: () => 0.5 });
  }
  async function todoOf(p: OaPerson, externalId: string) {
    const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/inbox/${encodeURIComponent(p.welinkUserId!)}`);
    const todos = ((await res.json()) as { todos: Record<string, string>[] }).todos;
    const todo = todos.find((t) => t.applicantId === externalId);
    if (!todo) throw new Error(`no todo ${externalId} for ${p.welinkUserId}: ${JSON.stringify(todos)}`);
    return todo;
  }
  async function cardsOf(p: OaPerson) {
    const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/inbox/${encodeURIComponent(p.welinkUserId!)}`);
    return ((await res.json()) as { messages: Record<string, string>[] }).messages;
  }
  return { ...w, tenantId, push, todoOf, cardsOf };
}

/** The path and query of a URL on the bridge (in-process requests take paths). */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** What the WeLink phone does with a homepage redirect: load the page, get a fresh code as `p`, post it with the page's target. */
export async function proveAt(w: World, client: EntryClient, homepage: string, code: string): Promise<Response> {
  const page = await (await client.get(homepage)).text();
  const target = inputValue(page, "target")?.replaceAll("&amp;", "&") ?? "";
  return completed(client, await client.post(`/h/${w.appKey}/code`, { nonce: inputValue(page, "nonce") ?? "", code, error: "", target }));
}

/** A proof that starts a session completes on the tenant's path (`/t/{slug}/signin/complete`, where the session cookie lives): followed here, like a browser. */
export async function completed(client: EntryClient, res: Response): Promise<Response> {
  const to = res.headers.get("location");
  return res.status === 303 && to?.includes(`/t/${TENANT}/signin/complete?`) ? client.get(pathOf(to)) : res;
}

export const setMethod = (w: World, method: "handoff" | "cas" | "oidc") => w.h.call("PUT", "/api/v1/sso/settings", { tenant: TENANT, body: { method, sessionMinutes: 480 } });
