import { LOCAL_NET } from "../src/kernel/net-policy.ts";
/**
 * WeLink → bridge pull at scale, with the sandbox's caps lifted (sandbox limits off, client
 * "unlimited"). The sandbox runs in a child process, so the bridge's peak memory is its own.
 *  1. first pull of N people / M departments into an empty bridge: time, peak RSS;
 *  2. a second pull after 1 % of people changed (¼ removed, the rest moved or updated): time,
 *     rows written (must equal the run's changes);
 *  3. baseline: the same directory and change-log rows inserted raw through @libsql/client
 *     (multi-row INSERTs in one transaction) into a fresh, migrated database.
 * Targets: first ≤ 60 s, second ≤ 15 s, peak ≤ 400 MB, bridge write time ≤ 3 × raw insert.
 * RSS never shrinks back, so the second pull's peak includes what the first left allocated. The
 * embedded driver frees its statements only on an event-loop turn (see `eventLoopTurn`), so the
 * baseline's single batch holds far more native memory than the bridge's pull does.
 * Usage: bun bench/directory-pull.ts [--users 100000] [--depts 10000]. Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { systemClock } from "../src/kernel/clock.ts";
import { pullCorp } from "../src/sync/from-welink/pull.ts";
import { createWelinkClient } from "../src/welink/client.ts";
import { createWelinkRegistry } from "../src/welink/registry.ts";
import { startHarness, type Harness } from "../tests/helpers/harness.ts";

const T = { tenant: "default" };
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Child side: the sandbox over a generated organisation; "mutate" on stdin changes 1 % of people. */
async function serveSandbox(users: number, depts: number) {
  const { startSandbox } = await import("../tests/helpers/sandbox.ts");
  const { generateOrg } = await import("../src/sandbox/welink/generate.ts");
  const rs = startSandbox({ settings: { rateLimits: { enabled: false, perAppApiPerSecond: 1e9, perAppApiPerMinute: 1e9, perIpPer20s: 1e9 } } });
  generateOrg(rs.sb.org, { seed: 42, users, depts });
  console.log(JSON.stringify({ ready: rs.baseUrl }));
  for await (const line of console) {
    if (line.trim() !== "mutate") continue;
    const org = rs.sb.org;
    const codes = [...org.depts.keys()];
    const all = [...org.users.values()];
    let n = 0;
    for (let i = 0; i < all.length; i += 100, n++) {
      const u = all[i]!;
      if (n % 4 === 0) org.removeUser(u.userId);
      else if (n % 4 === 1) org.putUser({ ...u, position: `${u.position ?? ""} (new)` });
      else {
        const to = codes[(codes.indexOf(u.mainDeptCode) + 7) % codes.length]!;
        org.putUser({ ...u, mainDeptCode: to, deptCodes: [to], orderInDepts: { [to]: 1 } });
      }
    }
    console.log(JSON.stringify({ mutated: n }));
  }
}

type Child = { baseUrl: string; ask(line: string): Promise<Record<string, unknown>>; stop(): void };

async function startChild(users: number, depts: number): Promise<Child> {
  const proc = Bun.spawn([process.execPath, import.meta.path, "--serve", "--users", String(users), "--depts", String(depts)], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const nextLine = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith("{")) return JSON.parse(line) as Record<string, unknown>;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("the sandbox process ended");
      buffered += value;
    }
  };
  const ready = await nextLine();
  return {
    baseUrl: ready.ready as string,
    ask: async (line) => (proc.stdin.write(`${line}\n`), proc.stdin.flush(), nextLine()),
    stop: () => proc.kill(),
  };
}

async function setUp(h: Harness, baseUrl: string): Promise<{ tenantId: string; corpId: string }> {
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Bench", welinkTenantId: "sandbox-tenant", apiBaseUrl: baseUrl } })).json()) as { id: string };
  const tenant = (await (await h.call("GET", "/api/v1/tenants/default")).json()) as { id: string };
  return { tenantId: tenant.id, corpId: corp.id };
}

/** Peak RSS while `work` runs, sampled every 20 ms. */
async function measured<X>(work: () => Promise<X>): Promise<{ value: X; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const value = await work();
  clearInterval(sampler);
  return { value, seconds: (performance.now() - start) / 1000, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576) };
}

const lastWriteMs = (h: Harness) => {
  const line = [...h.logs].reverse().find((l) => l.includes('"welink pull finished"'));
  return line ? (JSON.parse(line) as { writeMs: number }).writeMs : NaN;
};

type Row = Record<string, unknown>;

/** Multi-row INSERTs of `rows` into `table`, 500 rows a statement. */
function inserts(table: string, rows: Row[]) {
  const cols = Object.keys(rows[0] ?? {});
  const out: { sql: string; args: unknown[] }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const values = part.map(() => `(${cols.map(() => "?").join(",")})`).join(",");
    out.push({ sql: `INSERT INTO ${table} (${cols.join(",")}) VALUES ${values}`, args: part.flatMap((r) => cols.map((c) => r[c])) });
  }
  return out;
}

/** The baseline: the first pull's directory and change-log rows, inserted raw into a fresh database. */
async function rawInsert(h: Harness, corpId: string, runId: string, baseUrl: string): Promise<number> {
  const read = async (sql: string, args: string[]) => (await h.deps.database.client.execute({ sql, args })).rows.map((r) => ({ ...r }) as Row);
  const users = await read("SELECT * FROM welink_users WHERE corp_id = ?", [corpId]);
  const depts = await read("SELECT * FROM welink_depts WHERE corp_id = ?", [corpId]);
  const changes = await read("SELECT * FROM sync_changes WHERE run_id = ?", [runId]);
  const g = await startHarness({ clock: systemClock });
  try {
    const ids = await setUp(g, baseUrl);
    await g.deps.database.client.execute({ sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES (?, ?, ?, 'pull', 'manual', 'ok', 0)", args: [runId, ids.tenantId, ids.corpId] });
    const own = (r: Row) => ({ ...r, tenant_id: ids.tenantId, ...("corp_id" in r ? { corp_id: ids.corpId } : {}) });
    const stmts = [...inserts("welink_depts", depts.map(own)), ...inserts("welink_users", users.map(own)), ...inserts("sync_changes", changes.map(own))];
    const start = performance.now();
    await g.deps.database.client.batch(stmts as never, "write");
    return performance.now() - start;
  } finally {
    g.close();
  }
}

const count = async (h: Harness, sql: string, args: (string | number)[]) => Number((await h.deps.database.client.execute({ sql, args })).rows[0]![0]);

async function main() {
  const { values } = parseArgs({ options: { users: { type: "string", default: "100000" }, depts: { type: "string", default: "10000" }, serve: { type: "boolean" } } });
  const users = Number(values.users);
  const depts = Number(values.depts);
  if (values.serve) return serveSandbox(users, depts);
  const child = await startChild(users, depts);
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "info" } });
  try {
    const ids = await setUp(h, child.baseUrl);
    const client = createWelinkClient({ net: LOCAL_NET, baseUrl: child.baseUrl, clientId: "test-client", clientSecret: "test-secret-0123456789", registry: createWelinkRegistry(), limits: "unlimited" });
    const target = { ...ids, trigger: "manual" as const, client };
    Bun.gc(true);
    const idleMb = Math.round(process.memoryUsage().rss / 1048576);
    const first = await measured(() => pullCorp(h.deps, target));
    const firstWriteMs = lastWriteMs(h);
    console.log(`first pull: ${r2(first.seconds)} s, ${first.value.people} people, ${first.value.departments} departments, peak RSS ${first.peakMb} MB (${idleMb} MB before), writes ${firstWriteMs} ms`);
    const mutated = await child.ask("mutate");
    const since = Date.now();
    const second = await measured(() => pullCorp(h.deps, target));
    const c = second.value.counts;
    const changes = c.added + c.updated + c.moved + c.removed;
    const written = (await count(h, "SELECT count(*) FROM welink_users WHERE corp_id = ? AND updated_at >= ?", [ids.corpId, since]))
      + (await count(h, "SELECT count(*) FROM welink_depts WHERE corp_id = ? AND updated_at >= ?", [ids.corpId, since]));
    const logRows = await count(h, "SELECT count(*) FROM sync_changes WHERE run_id = ?", [second.value.id]);
    console.log(`second pull (${mutated.mutated} people changed): ${r2(second.seconds)} s, ${written} directory rows + ${logRows} change-log rows written for ${changes} changes, status ${second.value.status}`);
    const rawMs = await rawInsert(h, ids.corpId, first.value.id, child.baseUrl);
    console.log(`raw @libsql/client insert of the same rows: ${Math.round(rawMs)} ms; bridge writes ${r2(firstWriteMs / rawMs)} ×`);
    console.log(JSON.stringify({
      users, depts, first_pull_s: r2(first.seconds), first_people: first.value.people, first_departments: first.value.departments,
      peak_rss_mb: first.peakMb, rss_before_mb: idleMb, second_peak_rss_mb: second.peakMb, first_write_ms: firstWriteMs, raw_insert_ms: Math.round(rawMs), write_vs_raw: r2(firstWriteMs / rawMs),
      second_pull_s: r2(second.seconds), second_status: second.value.status, second_counts: c, second_rows_written: written, second_change_rows: logRows,
      rows_equal_changes: written === changes && logRows === changes,
      targets_met: first.seconds <= 60 && second.seconds <= 15 && first.peakMb <= 400 && firstWriteMs <= 3 * rawMs,
    }));
  } finally {
    h.close();
    child.stop();
  }
}

await main();
