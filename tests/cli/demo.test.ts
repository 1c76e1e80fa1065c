import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveNear, startDemoOaNear } from "../../src/cli/demo-parts.ts";
import { freePort, runCli } from "../helpers/cli.ts";
import { exported, grab, type RunningDemo, startDemo } from "./demo-support.ts";

let running: RunningDemo | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("welink-bridge demo", () => {
  test("serves the bridge, the sandbox and the demo OA, connected and signed in with what it prints; stops on SIGTERM", async () => {
    const port = freePort();
    const data = mkdtempSync(join(tmpdir(), "wlb-demo-data-"));
    try {
      running = await startDemo(["--users", "50", "--depts", "8", "--port", String(port), "--data", data]);
      const b = running.banner;
      const [bridge] = grab(b, /bridge:\s+(http:\S+)/);
      expect(bridge).toBe(`http://127.0.0.1:${port}`);
      expect(b).toContain(`${bridge}/admin   user admin, password demo-password`);
      const [token] = grab(b, /API token:\s+(\S+)/);
      const [sandbox] = grab(b, /WeLink sandbox:\s+(http:\S+)/);
      const [clientId, secret] = grab(b, /client_id=(\S+) client_secret=(\S+)/);
      const [oa] = grab(b, /demo OA:\s+(http:\S+)/);
      const [account, password, name] = grab(b, /^\s+(\S+) \/ (\S+) — (\S+), /m);

      expect((await fetch(`${bridge}/readyz`)).status).toBe(200);

      const ticket = await fetch(`${sandbox}/api/auth/v2/tickets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: clientId, client_secret: secret }),
      });
      expect(((await ticket.json()) as { code: string }).code).toBe("0");

      const login = await fetch(`${oa}/login`, { method: "POST", body: new URLSearchParams({ account: account!, password: password! }), redirect: "manual" });
      expect(login.status).toBe(303);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      expect(await (await fetch(`${oa}/`, { headers: { cookie } })).text()).toContain(`当前登录用户：${name}`);

      const dir = await fetch(`${bridge}/api/v1/oa/directory`, { headers: { authorization: `Bearer ${token}`, "x-bridge-tenant": "default" } });
      expect(dir.status).toBe(200);
      expect(await dir.json()).toMatchObject({ connection: "demo", departments: 8, users: 50, lastRefresh: { status: "ok" } });

      // The sandbox's enterprise and app are integrated, and the printed homepage opens the entry page.
      const corps = await fetch(`${bridge}/api/v1/corps`, { headers: { authorization: `Bearer ${token}`, "x-bridge-tenant": "default" } });
      expect(((await corps.json()) as { items: { welinkTenantId: string }[] }).items.map((c) => c.welinkTenantId)).toEqual(["sandbox-tenant"]);
      const [homepage] = grab(b, /homepage (http\S+)/);
      expect((await fetch(homepage!)).status).toBe(200);

      // Its app is the sync app: the first pull works at once and brings the whole organisation.
      const auth = { authorization: `Bearer ${token}`, "x-bridge-tenant": "default" };
      const [corp] = ((await (await fetch(`${bridge}/api/v1/corps`, { headers: auth })).json()) as { items: { id: string; syncAppId: string | null }[] }).items;
      expect(corp!.syncAppId).not.toBeNull();
      const pull = await fetch(`${bridge}/api/v1/corps/${corp!.id}/pull?wait=true`, { method: "POST", headers: auth });
      expect(pull.status).toBe(200);
      expect(await pull.json()).toMatchObject({ status: "ok", people: 50, counts: { failed: 0 } });

      // The export line the README's examples start from names the same bridge, token and sides.
      expect(exported(b)).toEqual({ B: bridge!, T: token!, SANDBOX: sandbox!, OA: oa! });
      // Each sample person comes with the OA id message push takes as a recipient.
      const [oaId] = grab(b, new RegExp(`^\\s+${account} / \\S+ — \\S+, \\S+, (u\\d+) \\(WeLink `, "m"));
      const users = (await (await fetch(`${bridge}/api/v1/oa/users?limit=500`, { headers: auth })).json()) as { items: { id: string; account: string }[] };
      expect(users.items.find((u) => u.id === oaId)?.account).toBe(account);

      running.proc.kill("SIGTERM");
      expect(await running.proc.exited).toBe(0);
      // A folder given with --data is kept.
      expect(existsSync(join(data, "bridge.db"))).toBe(true);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 30_000);

  test("without --data it works in a temporary folder and removes it on exit", async () => {
    running = await startDemo(["--users", "10", "--depts", "3", "--port", String(freePort())]);
    const [data] = grab(running.banner, /data:\s+(\S+) \(temporary/);
    expect(existsSync(join(data!, "bridge.db"))).toBe(true);
    expect(data!.startsWith(running.cwd)).toBe(true);
    running.proc.kill("SIGINT");
    expect(await running.proc.exited).toBe(0);
    expect(existsSync(data!)).toBe(false);
  }, 30_000);

  test("a taken port is replaced by one the system picks, for the sandbox and the OA alike", async () => {
    const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("taken") });
    const port = taken.port!;
    const sandboxLike = serveNear(port, () => new Response("sandbox"));
    const oa = startDemoOaNear({ users: 5, depts: 2, seed: 1, port: 8080, data: undefined }, port);
    try {
      expect(sandboxLike.port).not.toBe(port);
      expect(oa.url).not.toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${oa.url}/login`)).status).toBe(200);
    } finally {
      oa.stop();
      sandboxLike.stop(true);
      taken.stop(true);
    }
  });

  test("bad flags exit 2 with the usage", () => {
    for (const args of [["--users", "many"], ["--port", "70000"], ["--bogus"], ["--oa-sso", "saml"]]) {
      const r = runCli(["demo", ...args], {});
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("usage: welink-bridge demo");
    }
  });

  test("help lists the demo command", () => {
    expect(runCli(["help"], {}).stdout).toContain("demo [--users 200]");
  });
});
