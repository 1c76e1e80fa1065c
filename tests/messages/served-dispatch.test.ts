/**
 * The bridge as the operator runs it (`serve`, a separate process on the test's database) sends
 * queued messages by itself, and a SIGTERM stops it cleanly with nothing left half-sent.
 */
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { bindings } from "../../src/directory/schema.ts";
import { ADMIN_PASSWORD, ADMIN_TOKEN } from "../helpers/harness.ts";
import { freePort, ROOT } from "../helpers/cli.ts";
import { startPullWorld, type PullWorld } from "../sync/from-welink/support.ts";
import { callsTo } from "../welink/support.ts";
import { json } from "./intake-support.ts";

let w: PullWorld | undefined;
let child: ReturnType<typeof Bun.spawn> | undefined;
afterEach(() => {
  child?.kill(9);
  child = undefined;
  w?.close();
  w = undefined;
});

test("serve dispatches accepted messages to WeLink and stops cleanly on SIGTERM", async () => {
  w = await startPullWorld({ users: 5, depts: 1 });
  const T = { tenant: "default" };
  const apps = await json<{ items: { id: string }[] }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}/apps`, T));
  const appId = apps.items[0]!.id;
  await json(await w.h.call("POST", "/api/v1/push-rules", { ...T, body: { name: "notices", sources: ["notice"], targets: [{ corpId: w.corpId, appId, type: "card" }] } }));
  const people = [...w.rs.sb.org.users.keys()].slice(0, 2);
  const tenantId = (await json<{ id: string }>(await w.h.call("GET", "/api/v1/tenants/default"))).id;
  await w.h.deps.db.insert(bindings).values(people.map((p, i) => ({ tenantId, corpId: w!.corpId, welinkUserId: p, oaUserId: `u${i}`, method: "admin" as const, createdAt: 0, createdBy: "test" })));
  const token = await w.h.tenantToken("default", ["push"]);
  const accepted = await json<{ id: string }>(await w.h.call("POST", "/api/v1/messages", { token, body: { source: "notice", externalId: "N-1", kind: "create", title: "All hands at 3", recipients: ["u0", "u1"] } }));

  const port = freePort();
  child = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "serve"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: w.h.config.databaseUrl, BRIDGE_ADMIN_TOKEN: ADMIN_TOKEN, BRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD, OUTBOUND_ALLOW: "127.0.0.1" },
    stdout: "ignore",
    stderr: "inherit",
  });
  const sent = async () => {
    const rs = await w!.h.deps.database.client.execute({ sql: "SELECT status FROM deliveries WHERE message_id = ?", args: [accepted.id] });
    return rs.rows.length === 2 && rs.rows.every((r) => r[0] === "sent");
  };
  const deadline = Date.now() + 30_000;
  while (!(await sent())) {
    if (Date.now() > deadline) throw new Error("the served bridge did not send the message within 30 s");
    await Bun.sleep(100);
  }
  const calls = callsTo(w.rs.sb, "/api/messages/v2/card/common");
  expect(calls.length).toBe(1);
  for (const p of people) expect(JSON.stringify((await (await fetch(`${w.rs.baseUrl}/_sandbox/inbox/${encodeURIComponent(p)}`)).json()))).toContain("All hands at 3");

  child.kill("SIGTERM");
  expect(await child.exited).toBe(0);
  child = undefined;
});
