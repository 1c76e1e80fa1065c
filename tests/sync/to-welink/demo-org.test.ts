import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { refreshOaDirectory, saveOaConnection } from "../../../src/oa/index.ts";
import { startDemoOa, type RunningDemoOa } from "../../../src/sandbox/oa/server.ts";
import { generateOrg } from "../../../src/sandbox/welink/generate.ts";
import { applyStoredPlan } from "../../../src/sync/to-welink/sync.ts";
import { startSandbox } from "../../helpers/sandbox.ts";
import { rows, T } from "../from-welink/support.ts";
import { asPull, duplicates, push, pushSettings, startPushWorld, type PushWorld } from "./support.ts";

/**
 * The demo's whole organisation (the same seed and size as `welink-bridge demo`: the sandbox
 * enterprise and the demo OA derived from it) through simulate → apply: WeLink refuses nothing.
 */
const ORG = { seed: 1, users: 200, depts: 30 };
let w: PushWorld;
let oa: RunningDemoOa;

beforeAll(async () => {
  const rs = startSandbox();
  generateOrg(rs.sb.org, ORG);
  w = await startPushWorld({ sandbox: rs });
  oa = startDemoOa(ORG);
  const ctx = systemCtx({ id: w.tenantId, slug: "default" });
  await saveOaConnection(w.h.deps, ctx, { type: "demo", settings: { baseUrl: oa.url }, secrets: { token: oa.token }, refreshCron: null });
  await refreshOaDirectory(w.h.deps, w.tenantId, "manual");
  // As the demo integrates its corp: the binding rule on, mobile then e-mail.
  await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { ...T, body: { bindingRule: { enabled: true, fields: ["mobile", "email"], combine: "or" } } });
});
afterAll(() => {
  oa?.stop();
  w?.close();
});

async function refusedWrites(): Promise<{ path: string; code: string }[]> {
  const res = await fetch(`${w.rs.baseUrl}/_sandbox/calls?limit=50000`);
  const { calls } = (await res.json()) as { calls: { method: string; path: string; code?: string; }[] };
  return calls.filter((c) => c.method !== "GET" && /\/(create|update|delete)\b/.test(c.path)).map((c) => ({ path: c.path, code: String(c.code ?? "") })).filter((c) => c.code !== "0" && c.code !== "");
}

async function simulateAndApply() {
  const planned = await push(w, true);
  expect(planned.status).toBe("planned");
  const { done } = await applyStoredPlan(w.h.deps, systemCtx({ id: w.tenantId, slug: "default" }), planned.id);
  const run = await done;
  const states = await rows(asPull(w), "SELECT state, count(*) AS n FROM push_items WHERE run_id = ? GROUP BY state", [run.id]);
  return { run, states: Object.fromEntries(states.map((s) => [String(s.state), Number(s.n)])) };
}

describe("the demo's organisation, OA → WeLink", () => {
  test("simulate then apply, as the demo is set up: WeLink refuses no write, nothing is set aside", async () => {
    const { run, states } = await simulateAndApply();
    expect(await refusedWrites()).toEqual([]);
    expect(run.status).toBe("ok");
    expect(run.counts.failed).toBe(0);
    expect(states.set_aside).toBeUndefined();
    // The demo's OA writes a tenth of its mobiles spaced ("+86 138 …"): updates went out all the same.
    expect(states.done).toBeGreaterThan(50);
    const sent = [...w.rs.sb.org.users.values()].map((u) => u.mobileNumber).filter((m) => m !== undefined);
    expect(sent.filter((m) => / /.test(m!))).toEqual([]);
  }, 120_000);

  test("with new people added too: the newcomers are created and WeLink again refuses nothing", async () => {
    await pushSettings(w, { addNewPeople: true });
    const { run, states } = await simulateAndApply();
    expect(await refusedWrites()).toEqual([]);
    expect(run.counts.failed).toBe(0);
    expect(run.counts.added).toBeGreaterThan(0);
    expect(states.set_aside).toBeUndefined();
    expect(duplicates(w.rs.sb)).toEqual({ depts: [], users: [] });
  }, 120_000);
});
