/**
 * Screenshots of the admin for README (docs/screenshots/*.png), taken in headless Chromium against
 * a fresh demo: the dashboard, a plan with failures (OA → WeLink applied), a change log (the first
 * pull) and the phone's scan-login confirm page. Run: `bun scripts/screenshots.ts` (needs Debian's
 * chromium, or CHROMIUM_PATH). Deterministic data: the demo's seed 1.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Page } from "playwright-core";

const ROOT = resolve(import.meta.dir, "..");
const OUT = join(ROOT, "docs/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"];

const port = 18_600 + Math.floor(Math.random() * 300);
const cwd = mkdtempSync(join(tmpdir(), "wlb-shots-"));
const demo = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "demo", "--port", String(port)], { cwd, env: { ...process.env, TMPDIR: cwd }, stdout: "pipe", stderr: "inherit" });
let banner = "";
const reader = (demo.stdout as ReadableStream<Uint8Array>).getReader();
while (!banner.includes("Ctrl-C stops everything")) {
  const chunk = await reader.read();
  if (chunk.done) throw new Error(`the demo stopped:\n${banner}`);
  banner += new TextDecoder().decode(chunk.value);
}
const v = Object.fromEntries(/^\s*export (.+)$/m.exec(banner)![1]!.trim().split(/\s+/).map((kv) => kv.split(/=(.*)/s).slice(0, 2))) as Record<string, string>;
const person = /"userId":"([^"]+)","url":"<the URL under the QR code>"/.exec(banner)![1]!;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${v.B}/api/v1${path}`, { method, headers: { authorization: `Bearer ${v.T}`, "x-bridge-tenant": "default", "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, any>>;
}
async function finished(runId: string) {
  for (let i = 0; i < 240; i++) {
    const run = await api("GET", `/sync-runs/${runId}`);
    if (run.status !== "running" && run.status !== "pending") return run;
    await Bun.sleep(500);
  }
  throw new Error(`run ${runId} did not finish`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  console.log(`docs/screenshots/${name}.png`);
};
try {
  mkdirSync(OUT, { recursive: true });
  const corp = (await api("GET", "/corps")).items[0];
  const pull = await api("POST", `/corps/${corp.id}/pull?wait=true`);
  await api("POST", `/corps/${corp.id}/auto-bind`);
  await api("PATCH", `/corps/${corp.id}`, { contactPermission: "read-write" });
  await api("PUT", `/corps/${corp.id}/push-settings`, { addNewPeople: true, schedule: { kind: "none" } });
  const plan = await api("POST", `/corps/${corp.id}/push?dryRun=true&wait=true`);
  // The demo's values are all sendable now (normalised, or flagged invalid by the simulation): the
  // failures are WeLink's, made by the sandbox refusing every update of a person while the plan applies.
  const faults = (body: unknown) => fetch(`${v.SANDBOX}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await faults({ errorRates: { "/api/contact/v1/user/update": { rate: 1, code: "47004" } } });
  await api("POST", `/sync-runs/${plan.id}/apply`);
  await finished(plan.id);
  await faults({ clear: true });

  const admin = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
  await admin.goto(`${v.B}/admin/login`);
  await admin.fill("input[name=username]", "admin");
  await admin.fill("input[name=password]", "demo-password");
  await Promise.all([admin.waitForURL(`${v.B}/admin`), admin.click("form[action='/admin/login'] button[type=submit]")]);
  await shot(admin, "dashboard");
  await admin.goto(`${v.B}/admin/directory/${corp.id}/runs/${plan.id}/plan`);
  await shot(admin, "plan-with-failures");
  await admin.goto(`${v.B}/admin/directory/${corp.id}/runs/${pull.id}`);
  await shot(admin, "change-log");

  // Scan login: the OA page's QR, the sandbox plays the phone, the phone shows the confirm page.
  const pc = await browser.newPage({ locale: "zh-CN" });
  await pc.goto(`${v.OA}/login`);
  const qrUrl = (await pc.getByTestId("scan-qr-url").locator("code").textContent({ timeout: 10_000 }))!;
  const scanned = await fetch(`${v.SANDBOX}/_sandbox/scan`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId: person, url: qrUrl }) });
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: "zh-CN" });
  await phone.goto(((await scanned.json()) as { url: string }).url);
  await phone.locator("[data-action=approve]").waitFor({ timeout: 10_000 });
  await shot(phone, "phone-confirm");
} finally {
  await browser.close();
  demo.kill("SIGTERM");
  await demo.exited;
  rmSync(cwd, { recursive: true, force: true });
}
