/**
 * OA → WeLink push at scale, under WeLink's real caps: the sandbox (in a child process, its
 * default rate limits on) starts empty, the bridge pushes N new people in M departments through
 * its own client (its own limiter, the sync app's defaults).
 *  1. the apply: write calls per second ÷ WeLink's allowed rate for one API (the sandbox's
 *     per-app, per-API cap: the lower of its per-second and per-minute windows), and the number
 *     of 48503 "over limit" answers, counted from the sandbox's call log;
 *  2. the plan alone for 100,000 people / 10,000 departments (synthetic input, planPush) in a
 *     fresh process: time and peak RSS.
 * Targets: ratio ≥ 0.85, 48503 answers 0, plan ≤ 30 s and ≤ 500 MB.
 * Usage: bun bench/oa-push.ts [--people 10000] [--depts 1000] [--plan-people 100000] [--plan-depts 10000].
 * Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { systemClock } from "../src/kernel/clock.ts";
import { inTransaction } from "../src/kernel/db/client.ts";
import type { OaDept, OaUser } from "../src/oa/contract.ts";
import { upsertDepartments, upsertUsers } from "../src/oa/store.ts";
import { DEFAULT_SETTINGS } from "../src/sandbox/welink/model.ts";
import { pushCorp } from "../src/sync/to-welink/sync.ts";
import { planPush } from "../src/sync/to-welink/plan.ts";
import { DEFAULT_FIELD_MAPPING, type PlanInput } from "../src/sync/to-welink/types.ts";
import { DEFAULT_LIMITS } from "../src/welink/rate-limiter.ts";
import { startHarness } from "../tests/helpers/harness.ts";
import { child } from "./child.ts";

const T = { tenant: "default" };
const r2 = (x: number) => Math.round(x * 100) / 100;

/** A tree of `n` departments, ten children each, under one root; people spread over them. */
export function syntheticOa(people: number, depts: number): { depts: OaDept[]; users: OaUser[] } {
  const ds: OaDept[] = Array.from({ length: Math.max(1, depts) }, (_, i) => ({ id: `D${i}`, parentId: i === 0 ? null : `D${Math.floor((i - 1) / 10)}`, name: i === 0 ? "总部" : `部门${i}`, order: i }));
  const us: OaUser[] = Array.from({ length: people }, (_, i) => ({
    id: `P${i}`, account: `p${i}`, name: `员工${i}`, mobile: `+86-13${String(i).padStart(9, "0")}`, email: `p${i}@example.com`,
    employeeNo: `E${i}`, mainDeptId: ds[i % ds.length]!.id, partTimeDeptIds: [], active: true,
  }));
  return { depts: ds, users: us };
}

/** Child side: an empty sandbox with WeLink's default caps. */
async function serveSandbox() {
  const { startSandbox } = await import("../tests/helpers/sandbox.ts");
  const rs = startSandbox();
  console.log(JSON.stringify({ ready: rs.baseUrl }));
  for await (const _ of console) void _;
}


/** Child side: the plan alone, with its own peak RSS. */
function planOnly(people: number, depts: number) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  const oa = syntheticOa(people, depts);
  const input: PlanInput = {
    config: {
      topDeptCode: null, addNewPeople: true, fieldMapping: DEFAULT_FIELD_MAPPING, includePartTime: false, scope: { depts: [], include: [], exclude: [] },
      removalMode: "close", decreaseThreshold: 50, breaker: { usersMax: 500, usersPct: 5, deptsMax: 20, deptsPct: 5 },
    },
    rule: { enabled: true, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" },
    oa, welink: { depts: [], users: [] }, deptBindings: [], userBindings: [],
  };
  const plan = planPush(input);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ plan_items: plan.items.length, plan_s: r2(seconds), plan_peak_rss_mb: Math.round(peak / 1048576) }));
}

type Call = { at: number; method: string; path: string; code?: string };

async function main() {
  const { values } = parseArgs({
    options: {
      people: { type: "string", default: "10000" }, depts: { type: "string", default: "1000" },
      "plan-people": { type: "string", default: "100000" }, "plan-depts": { type: "string", default: "10000" },
      serve: { type: "boolean" }, "plan-only": { type: "boolean" },
    },
  });
  const people = Number(values.people);
  const depts = Number(values.depts);
  if (values.serve) return serveSandbox();
  if (values["plan-only"]) return planOnly(Number(values["plan-people"]), Number(values["plan-depts"]));

  const sandbox = await child(import.meta.path, ["--serve"]);
  const baseUrl = sandbox.first.ready as string;
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn" } });
  try {
    const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Bench", welinkTenantId: "sandbox-tenant", apiBaseUrl: baseUrl, contactPermission: "read-write" } })).json()) as { id: string };
    const app = (await (await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "Sync", clientId: "test-client", clientSecret: "test-secret-0123456789" } })).json()) as { id: string };
    await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: app.id } });
    await h.call("PUT", `/api/v1/corps/${corp.id}/push-settings`, { ...T, body: { addNewPeople: true } });
    const tenant = (await (await h.call("GET", "/api/v1/tenants/default")).json()) as { id: string };
    const oa = syntheticOa(people, depts);
    await inTransaction(h.deps.db, async (tx) => (await upsertDepartments(tx, tenant.id, oa.depts), await upsertUsers(tx, tenant.id, oa.users)));

    const start = performance.now();
    const run = await pushCorp(h.deps, { tenantId: tenant.id, corpId: corp.id, trigger: "manual", dryRun: false });
    const seconds = (performance.now() - start) / 1000;
    const { calls } = (await (await fetch(`${baseUrl}/_sandbox/calls?limit=50000`)).json()) as { calls: Call[] };
    const writes = calls.filter((c) => c.method === "POST" && /\/(department|user)\/create$/.test(c.path));
    const overLimit = calls.filter((c) => c.code === "48503").length;
    const ok = writes.filter((c) => c.code === "0");
    const span = ok.length > 1 ? (ok[ok.length - 1]!.at - ok[0]!.at) / 1000 : NaN;
    const achieved = (ok.length - 1) / span;
    const caps = DEFAULT_SETTINGS.rateLimits;
    const allowed = Math.min(caps.perAppApiPerSecond, caps.perAppApiPerMinute / 60);
    const clientRate = DEFAULT_LIMITS.perApi.ratePerSecond;
    console.log(`push of ${people} people / ${depts} departments: ${r2(seconds)} s, status ${run.status}, counts ${JSON.stringify(run.counts)}`);
    console.log(`write calls: ${ok.length} ok in ${r2(span)} s = ${r2(achieved)}/s; WeLink allows ${allowed}/s per API → ratio ${r2(achieved / allowed)}; the bridge's limiter allows ${clientRate}/s → ${r2(achieved / clientRate)}; 48503 answers: ${overLimit}`);

    const plan = await child(import.meta.path, ["--plan-only", "--plan-people", values["plan-people"]!, "--plan-depts", values["plan-depts"]!]);
    await plan.proc.exited;
    console.log(`plan of ${values["plan-people"]} people / ${values["plan-depts"]} departments: ${plan.first.plan_s} s, peak RSS ${plan.first.plan_peak_rss_mb} MB`);
    const ratio = r2(achieved / allowed);
    console.log(JSON.stringify({
      people, depts, push_s: r2(seconds), status: run.status, counts: run.counts, write_calls: ok.length, calls_per_s: r2(achieved),
      allowed_per_s: allowed, ratio, ratio_vs_client_limiter: r2(achieved / clientRate), over_limit_48503: overLimit,
      plan_people: Number(values["plan-people"]), plan_depts: Number(values["plan-depts"]), ...plan.first,
      targets_met: ratio >= 0.85 && overLimit === 0 && Number(plan.first.plan_s) <= 30 && Number(plan.first.plan_peak_rss_mb) <= 500,
    }));
  } finally {
    h.close();
    sandbox.proc.kill();
  }
}

await main();
