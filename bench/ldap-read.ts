/**
 * The LDAP connector at scale: a generated directory of N people in Debian's slapd (loaded with
 * slapadd), then, each in its own child process so each peak RSS is its own:
 *  1. the bridge's full refresh (PUT the connection, POST /api/v1/oa/refresh): time, peak RSS;
 *  2. baseline: a bare ldapts paged search of the same people with the same attributes, counted.
 * Targets: refresh ≤ 60 s and ≤ 300 MB for 100,000 people.
 * Usage: bun bench/ldap-read.ts [--people 100000] [--page 500]. Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { child } from "./child.ts";

const r2 = (x: number) => Math.round(x * 100) / 100;

async function measured<X>(work: () => Promise<X>): Promise<{ value: X; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const value = await work();
  clearInterval(sampler);
  return { value, seconds: r2((performance.now() - start) / 1000), peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576) };
}

type Target = { url: string; bindDn: string; password: string; baseDn: string; page: number };

async function refresh(t: Target) {
  const { startHarness } = await import("../tests/helpers/harness.ts");
  const { systemClock } = await import("../src/kernel/clock.ts");
  const h = await startHarness({ clock: systemClock });
  try {
    const settings = { url: t.url, bindDn: t.bindDn, baseDn: t.baseDn, userFilter: "(objectClass=inetOrgPerson)", preset: "openldap", pageSize: t.page, timeoutMs: 60_000 };
    const put = await h.call("PUT", "/api/v1/oa/connection", { tenant: "default", body: { type: "ldap", settings, secrets: { bindPassword: t.password } } });
    if (put.status !== 200) throw new Error(`PUT connection: ${put.status} ${await put.text()}`);
    Bun.gc(true);
    const m = await measured(async () => (await (await h.call("POST", "/api/v1/oa/refresh", { tenant: "default" })).json()) as { status: string; users: number; departments: number });
    return { ...m, users: m.value.users, status: m.value.status };
  } finally {
    h.close();
  }
}

async function baseline(t: Target) {
  const { Client } = await import("ldapts");
  Bun.gc(true);
  const attributes = ["entryUUID", "uid", "displayName", "cn", "mobile", "mail", "employeeNumber", "title", "modifyTimestamp"];
  const m = await measured(async () => {
    const c = new Client({ url: t.url, timeout: 60_000 });
    await c.bind(t.bindDn, t.password);
    let n = 0;
    for await (const page of c.searchPaginated(t.baseDn, { scope: "sub", filter: "(objectClass=inetOrgPerson)", attributes, paged: { pageSize: t.page } })) n += page.searchEntries.length;
    await c.unbind();
    return n;
  });
  return { ...m, users: m.value };
}

async function main() {
  const { values } = parseArgs({ options: { people: { type: "string", default: "100000" }, page: { type: "string", default: "500" }, part: { type: "string" }, target: { type: "string" } } });
  if (values.part) {
    const t = JSON.parse(values.target!) as Target;
    const out = values.part === "refresh" ? await refresh(t) : await baseline(t);
    console.log(JSON.stringify({ ...out, value: undefined }));
    return;
  }
  const { startSlapd } = await import("../tests/helpers/slapd.ts");
  const people = Number(values.people);
  const loadStart = performance.now();
  const d = await startSlapd({ people });
  const loadSeconds = r2((performance.now() - loadStart) / 1000);
  try {
    const t: Target = { url: d.url, bindDn: d.reader.dn, password: d.reader.password, baseDn: d.baseDn, page: Number(values.page) };
    const run = async (part: string) => {
      const { first, proc } = await child(import.meta.path, ["--part", part, "--target", JSON.stringify(t)]);
      await proc.exited;
      return first as { seconds: number; peakMb: number; users: number; status?: string };
    };
    const base = await run("baseline");
    const bridge = await run("refresh");
    const expected = d.facts.people;
    console.log(`slapd loaded ${expected} people in ${loadSeconds} s (slapadd)`);
    console.log(`bare ldapts paged search: ${base.users} people in ${base.seconds} s, peak ${base.peakMb} MB`);
    console.log(`bridge full refresh: ${bridge.users} people (${bridge.status}) in ${bridge.seconds} s, peak ${bridge.peakMb} MB`);
    const ok = bridge.status === "ok" && bridge.users === expected && base.users === expected && bridge.seconds <= 60 && bridge.peakMb <= 300;
    console.log(JSON.stringify({ bench: "ldap-read", people: expected, pageSize: t.page, slapaddSeconds: loadSeconds, baseline: base, refresh: bridge, ratio: r2(bridge.seconds / base.seconds), targets: { seconds: 60, peakMb: 300 }, ok }));
  } finally {
    d.stop();
  }
}

await main();
