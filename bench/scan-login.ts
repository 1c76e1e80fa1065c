/**
 * Scan-to-login at scale, against the bridge as it is served (`bun src/main.ts serve`, a separate
 * process) with the WeLink sandbox (in this process, its default caps on):
 *  1. logins: N times in a row, a browser asks for a ticket and follows it by SSE; the phone opens
 *     the QR page, posts its free-login code, and approves; timed from the approve POST leaving
 *     the phone to the browser holding its hand-off URL (the `confirmed` event, then POST handoff).
 *  2. load: M pending tickets, each with its status stream open (fetch streams, like the script's);
 *     the bridge's RSS before and with them (VmRSS / VmHWM of the serve process); then a sample of
 *     S of them scanned and approved one by one while all M streams stay open: time from the
 *     approve POST to the `confirmed` event on that ticket's stream.
 * Browsers come from rotating 10.x.y.z addresses (X-Forwarded-For, TRUST_PROXY on) so the 10-a-
 * minute limit per address does not throttle the run. Targets: logins p95 ≤ 1 s.
 * Usage: bun bench/scan-login.ts [--logins 500] [--streams 5000] [--sample 300]
 * Quick run: bun bench/scan-login.ts --logins 50 --streams 500 --sample 50
 * Last line: one JSON object of the figures.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBinding } from "../src/directory/bindings.ts";
import { systemCtx } from "../src/kernel/actor.ts";
import { systemClock } from "../src/kernel/clock.ts";
import { generateOrg } from "../src/sandbox/welink/generate.ts";
import { ADMIN_PASSWORD, ADMIN_TOKEN, startHarness } from "../tests/helpers/harness.ts";
import { freePort, ROOT } from "../tests/helpers/cli.ts";
import { startSandbox } from "../tests/helpers/sandbox.ts";

const OA_ORIGIN = "http://oa.bench.test";
const r1 = (x: number) => Math.round(x * 10) / 10;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) : NaN;
};
let ipSeq = 0;
const nextIp = () => (ipSeq++, `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`);

function procMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), hwmMb: Math.round(kb("VmHWM") / 1024) };
}

/** One ticket as the OA page's script holds it: its secret and an open status stream. */
class BrowserTicket {
  readonly events: { state: string; at: number }[] = [];
  private waiters: (() => void)[] = [];
  private abort = new AbortController();
  constructor(
    readonly base: string,
    readonly id: string,
    readonly secret: string,
    readonly qrPath: string,
  ) {}

  static async mint(base: string, tenant: string): Promise<BrowserTicket> {
    const res = await fetch(`${base}/scan/tickets`, { method: "POST", body: JSON.stringify({ tenant }), headers: { "content-type": "application/json", origin: OA_ORIGIN, "x-forwarded-for": nextIp() } });
    const body = (await res.json()) as { id: string; secret: string; qrUrl: string };
    if (res.status !== 201) throw new Error(`mint: ${res.status} ${JSON.stringify(body)}`);
    return new BrowserTicket(base, body.id, body.secret, new URL(body.qrUrl).pathname);
  }

  /** Opens the stream; resolves once the first event (the current state) arrived. */
  async open(): Promise<void> {
    const res = await fetch(`${this.base}/scan/tickets/${this.id}/events`, { headers: { "x-scan-secret": this.secret }, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
    const first = this.next(() => true);
    void this.read(res.body).catch(() => undefined);
    await first;
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffered = "";
    const reader = body.getReader();
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        this.events.push({ state: (JSON.parse(data) as { state: string }).state, at: performance.now() });
        for (const w of this.waiters.splice(0)) w();
      }
    }
  }

  /** Resolves with the time the first event matching `test` arrived. */
  async next(test: (state: string) => boolean): Promise<number> {
    for (;;) {
      const hit = this.events.find((e) => test(e.state));
      if (hit) return hit.at;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async handoff(): Promise<string> {
    const res = await fetch(`${this.base}/scan/tickets/${this.id}/handoff`, { method: "POST", headers: { "x-scan-secret": this.secret } });
    const body = (await res.json()) as { url?: string };
    if (!body.url) throw new Error(`handoff: ${res.status} ${JSON.stringify(body)}`);
    return body.url;
  }

  close() {
    this.abort.abort();
  }
}

/** The phone: a cookie jar and the QR page's forms. */
async function phoneScan(base: string, sandboxUrl: string, clientId: string, t: BrowserTicket, userId: string): Promise<(what: "approve") => Promise<Response>> {
  const jar = new Map<string, string>();
  const call = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      body: form ? new URLSearchParams(form) : undefined,
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), "user-agent": "Mozilla/5.0 (iPhone) WeLink/7.40 bench", ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return res;
  };
  const nonceOf = (html: string) => /name="nonce"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? "";
  const page = await (await call(t.qrPath)).text();
  const code = ((await (await fetch(`${sandboxUrl}/_sandbox/codes`, { method: "POST", body: JSON.stringify({ clientId, userId }) })).json()) as { code: string }).code;
  const posted = await call(t.qrPath, { nonce: nonceOf(page), code, error: "" });
  const confirm = await (await call(posted.headers.get("location") ?? t.qrPath)).text();
  if (!confirm.includes("/approve")) throw new Error(`the phone did not reach the confirmation: ${confirm.slice(0, 300)}`);
  return (what) => call(`${t.qrPath}/${what}`, { nonce: nonceOf(confirm) });
}

async function main() {
  const { values } = parseArgs({ options: { logins: { type: "string", default: "500" }, streams: { type: "string", default: "5000" }, sample: { type: "string", default: "300" } } });
  const logins = Number(values.logins);
  const streams = Number(values.streams);
  const sample = Math.min(Number(values.sample), streams);

  const sandbox = startSandbox();
  generateOrg(sandbox.sb.org, { seed: 11, users: 200, depts: 10 });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn", BRIDGE_PUBLIC_URL: base, WELINK_BASE_URL: sandbox.baseUrl } });
  const T = { tenant: "default" };
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Bench", welinkTenantId: sandbox.sb.settings.tenantId, apiBaseUrl: sandbox.baseUrl } })).json()) as { id: string };
  const app = (await (await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "OA", clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret } })).json()) as { id: string };
  await h.call("PUT", "/api/v1/oa/portal", { ...T, body: { webBaseUrl: OA_ORIGIN } });
  const saved = await h.call("PUT", "/api/v1/scan-login/settings", { ...T, body: { enabled: true, appId: app.id, allowedOrigins: [OA_ORIGIN] } });
  if (!saved.ok) throw new Error(`scan settings: ${await saved.text()}`);
  const tenantId = ((await (await h.call("GET", "/api/v1/tenants/default")).json()) as { id: string }).id;
  const people = [...sandbox.sb.org.users.keys()].slice(0, 100);
  for (const [i, userId] of people.entries()) await createBinding(h.deps, systemCtx(), { tenantId, corpId: corp.id, welinkUserId: userId, oaUserId: `oa-${i}`, method: "admin" });
  const databaseUrl = h.config.databaseUrl;

  const bridge = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "serve"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: String(port), BRIDGE_PUBLIC_URL: base, DATABASE_URL: databaseUrl, TRUST_PROXY: "true", BRIDGE_ADMIN_TOKEN: ADMIN_TOKEN, BRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD, OUTBOUND_ALLOW: "127.0.0.1" },
    stdout: "ignore",
    stderr: "inherit",
  });
  try {
    for (let i = 0; !(await fetch(`${base}/healthz`).then((r) => r.ok, () => false)); i++) {
      if (i > 200) throw new Error("the bridge did not start");
      await Bun.sleep(50);
    }
    const idle = procMemory(bridge.pid);

    // 1. Logins one after another: approve on the phone → the browser has its hand-off URL.
    const loginMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < logins; i++) {
      const t = await BrowserTicket.mint(base, "default");
      await t.open();
      const approve = await phoneScan(base, sandbox.baseUrl, sandbox.app.clientId, t, people[i % people.length] as string);
      const t0 = performance.now();
      const answered = approve("approve");
      await t.next((s) => s === "confirmed");
      await t.handoff();
      loginMs.push(performance.now() - t0);
      await answered;
      t.close();
    }
    const loginsS = (performance.now() - started) / 1000;
    console.log(`logins: ${logins} in ${r1(loginsS)} s; approve → hand-off URL p50 ${r1(pct(loginMs, 50))} ms, p95 ${r1(pct(loginMs, 95))} ms, max ${r1(Math.max(...loginMs))} ms`);

    // 2. Many pending tickets, each with its stream open; then state changes among them.
    const before = procMemory(bridge.pid);
    const open: BrowserTicket[] = [];
    const openStart = performance.now();
    for (let i = 0; i < streams; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, streams - i) }, () => BrowserTicket.mint(base, "default")));
      await Promise.all(batch.map((t) => t.open()));
      open.push(...batch);
    }
    const openS = (performance.now() - openStart) / 1000;
    const loaded = procMemory(bridge.pid);
    console.log(`streams: ${open.length} pending tickets with open streams in ${r1(openS)} s; bridge RSS ${before.rssMb} → ${loaded.rssMb} MB (idle ${idle.rssMb} MB), ${r1(((loaded.rssMb - before.rssMb) * 1024) / open.length)} KB per stream`);
    const changeMs: number[] = [];
    const sampleStart = performance.now();
    for (let i = 0; i < sample; i++) {
      const t = open[Math.floor((i * open.length) / sample)] as BrowserTicket;
      const approve = await phoneScan(base, sandbox.baseUrl, sandbox.app.clientId, t, people[i % people.length] as string);
      const t0 = performance.now();
      const answered = approve("approve");
      changeMs.push((await t.next((s) => s === "confirmed")) - t0);
      await answered;
    }
    const stillOpen = open.filter((t) => t.events.length > 0 && t.events.at(-1)?.state === "pending").length;
    const peak = procMemory(bridge.pid);
    console.log(`state changes with ${open.length} streams open: ${sample} approvals in ${r1((performance.now() - sampleStart) / 1000)} s; approve → browser p50 ${r1(pct(changeMs, 50))} ms, p95 ${r1(pct(changeMs, 95))} ms; ${stillOpen} still pending; bridge peak RSS ${peak.hwmMb} MB`);
    for (const t of open) t.close();

    console.log(
      JSON.stringify({
        logins, login_p50_ms: r1(pct(loginMs, 50)), login_p95_ms: r1(pct(loginMs, 95)), login_max_ms: r1(Math.max(...loginMs)), logins_s: r1(loginsS),
        streams: open.length, streams_open_s: r1(openS), bridge_idle_rss_mb: idle.rssMb, bridge_rss_before_streams_mb: before.rssMb, bridge_rss_with_streams_mb: loaded.rssMb,
        bridge_peak_rss_mb: peak.hwmMb, kb_per_stream: r1(((loaded.rssMb - before.rssMb) * 1024) / open.length),
        change_sample: sample, change_p50_ms: r1(pct(changeMs, 50)), change_p95_ms: r1(pct(changeMs, 95)),
      }),
    );
  } finally {
    bridge.kill(9);
    sandbox.stop();
    h.close(); // removes the database folder: only after the bridge is gone
  }
}

// Bun's fetch keeps at most BUN_CONFIG_MAX_HTTP_REQUESTS (default 256) requests in flight, and every
// open stream is one: run again with room for all of them.
if (!process.env.BUN_CONFIG_MAX_HTTP_REQUESTS) {
  const again = Bun.spawn([process.execPath, import.meta.path, ...process.argv.slice(2)], { env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: "20000" }, stdout: "inherit", stderr: "inherit" });
  process.exit(await again.exited);
} else {
  await main();
}
