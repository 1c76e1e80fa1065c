import { LOCAL_NET } from "../src/kernel/net-policy.ts";
/**
 * The OA's own database as a source, at scale: N people (default 100,000) in a real MariaDB
 * (tests/helpers/mariadb.ts, its own process), read two ways, each in a child process of its own
 * so that each peak RSS is its own:
 *  1. the bridge: the connection saved as type sql, then a full refresh (POST /api/v1/oa/refresh:
 *     read-only transaction, statement timeout, streamed pages, mapped, swapped into the snapshot);
 *  2. the connector alone: listUsers() read page by page and dropped (the source's own cost; the
 *     refresh adds writing each page to the staging tables and the one-transaction swap);
 *  3. baseline: a bare mysql2 `query().stream()` of the same people query, rows counted only.
 * Targets: refresh ≤ 20 s and ≤ 300 MB peak RSS.
 * Usage: bun bench/sql-read.ts [--users 100000] [--depts 2000]. Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import mysql from "mysql2";
import { child } from "./child.ts";

const { values: args } = parseArgs({
  options: { users: { type: "string", default: "100000" }, depts: { type: "string", default: "2000" }, part: { type: "string" }, url: { type: "string" }, password: { type: "string" } },
});
const r2 = (x: number) => Math.round(x * 100) / 100;

async function measured<X>(work: () => Promise<X>): Promise<{ value: X; seconds: number; peakMb: number; beforeMb: number }> {
  Bun.gc(true);
  const beforeMb = Math.round(process.memoryUsage().rss / 1048576);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const value = await work();
  clearInterval(sampler);
  return { value, seconds: (performance.now() - start) / 1000, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576), beforeMb };
}

/** Child: the bridge's full refresh from the database. */
async function bridgePart(url: string, password: string) {
  const { startHarness } = await import("../tests/helpers/harness.ts");
  const { OA_QUERIES } = await import("../tests/helpers/oa-data.ts");
  const h = await startHarness();
  const T = { tenant: "default" };
  try {
    const saved = await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "sql", settings: { url, ...OA_QUERIES, statementTimeoutMs: 120_000 }, secrets: { password } } });
    if (saved.status !== 200) throw new Error(`saving the connection failed: ${await saved.text()}`);
    const m = await measured(async () => (await h.call("POST", "/api/v1/oa/refresh", T)).json() as Promise<Record<string, unknown>>);
    console.log(JSON.stringify({ seconds: m.seconds, peakMb: m.peakMb, beforeMb: m.beforeMb, status: m.value.status, users: m.value.users, departments: m.value.departments, error: m.value.error ?? null }));
  } finally {
    h.close();
  }
}

/** Child: the SQL connector's people, page by page, dropped. */
async function connectorPart(url: string, password: string) {
  const { OA_QUERIES } = await import("../tests/helpers/oa-data.ts");
  const { createSqlConnector } = await import("../src/oa/sql/connector.ts");
  const { SqlOaSettings } = await import("../src/oa/sql/settings.ts");
  const connector = createSqlConnector(SqlOaSettings.parse({ url, ...OA_QUERIES, statementTimeoutMs: 120_000 }), { password }, LOCAL_NET);
  const m = await measured(async () => {
    let rows = 0;
    for await (const page of connector.listUsers()) rows += page.length;
    return rows;
  });
  console.log(JSON.stringify({ seconds: m.seconds, peakMb: m.peakMb, beforeMb: m.beforeMb, rows: m.value }));
}

/** Child: a bare mysql2 stream of the same query, rows only counted. */
async function baselinePart(url: string, password: string) {
  const { OA_QUERIES } = await import("../tests/helpers/oa-data.ts");
  const conn = mysql.createConnection({ uri: url, password });
  const m = await measured(async () => {
    let rows = 0;
    for await (const _ of conn.query(OA_QUERIES.usersQuery).stream()) rows++;
    return rows;
  });
  conn.end();
  console.log(JSON.stringify({ seconds: m.seconds, peakMb: m.peakMb, beforeMb: m.beforeMb, rows: m.value }));
}

async function main() {
  const users = Number(args.users);
  const depts = Number(args.depts);
  const { startMariaDb } = await import("../tests/helpers/mariadb.ts");
  const loadStart = performance.now();
  const db = await startMariaDb({ people: users, depts });
  console.log(`MariaDB with ${users} people and ${depts} departments ready in ${r2((performance.now() - loadStart) / 1000)} s`);
  try {
    const run = async (part: string) => {
      const { first, proc } = await child(import.meta.path, ["--part", part, "--url", db.url, "--password", db.password]);
      await proc.exited;
      return first as { seconds: number; peakMb: number; beforeMb: number } & Record<string, unknown>;
    };
    const base = await run("baseline");
    console.log(`bare mysql2 stream: ${r2(base.seconds)} s for ${base.rows} rows, peak RSS ${base.peakMb} MB (${base.beforeMb} MB before)`);
    const source = await run("connector");
    console.log(`SQL connector alone: ${r2(source.seconds)} s for ${source.rows} people, peak RSS ${source.peakMb} MB (${source.beforeMb} MB before)`);
    const bridge = await run("bridge");
    console.log(`bridge full refresh: ${r2(bridge.seconds)} s, status ${bridge.status}, ${bridge.users} people, ${bridge.departments} departments, peak RSS ${bridge.peakMb} MB (${bridge.beforeMb} MB before)`);
    console.log(JSON.stringify({
      users, depts, refresh_s: r2(bridge.seconds), refresh_status: bridge.status, refresh_people: bridge.users, refresh_departments: bridge.departments,
      refresh_peak_rss_mb: bridge.peakMb, refresh_rss_before_mb: bridge.beforeMb, baseline_s: r2(base.seconds), baseline_rows: base.rows,
      baseline_peak_rss_mb: base.peakMb, connector_s: r2(source.seconds), connector_rows: source.rows, connector_peak_rss_mb: source.peakMb,
      connector_vs_baseline: r2(source.seconds / base.seconds), refresh_vs_baseline: r2(bridge.seconds / base.seconds),
      targets_met: bridge.status === "ok" && bridge.users === users && bridge.seconds <= 20 && bridge.peakMb <= 300,
    }));
  } finally {
    await db.stop();
  }
}

if (args.part === "bridge") await bridgePart(args.url!, args.password!);
else if (args.part === "connector") await connectorPart(args.url!, args.password!);
else if (args.part === "baseline") await baselinePart(args.url!, args.password!);
else await main();
