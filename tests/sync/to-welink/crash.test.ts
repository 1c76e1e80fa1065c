import { afterEach, expect, test } from "bun:test";
import { ADMIN_TOKEN } from "../../helpers/harness.ts";
import { freePort, serveBridge, until } from "../../helpers/cli.ts";
import { startSandbox } from "../../helpers/sandbox.ts";
import { rows, type PullWorld } from "../from-welink/support.ts";
import { duplicates, oaDept, oaUser, pushSettings, putOa, startPushWorld, type PushWorld } from "./support.ts";

const PEOPLE = 2000;
const DEPTS = 20;

let world: PushWorld | undefined;
let child: ReturnType<typeof Bun.spawn> | undefined;
afterEach(() => {
  child?.kill(9);
  child = undefined;
  world?.close();
  world = undefined;
});

const startBridge = (w: PushWorld, port: number) => serveBridge(w.h.config.databaseUrl, port, { stderr: "inherit" });


test("a push killed half-way (kill -9) resumes after a restart without duplicating anyone in WeLink", async () => {
  const rs = startSandbox({ settings: { rateLimits: { enabled: false, perAppApiPerSecond: 1e9, perAppApiPerMinute: 1e9, perIpPer20s: 1e9 } } });
  const w = (world = await startPushWorld({ sandbox: rs }));
  const depts = [oaDept("HQ", "总部", null), ...Array.from({ length: DEPTS - 1 }, (_, i) => oaDept(`D${i}`, `部门${i}`, i < 4 ? "HQ" : `D${i % 4}`, i))];
  const people = Array.from({ length: PEOPLE }, (_, i) => oaUser(`P${i}`, `员工${i}`, depts[i % DEPTS]!.id, i));
  await putOa(w, depts, people);
  await pushSettings(w, { addNewPeople: true });

  const port = freePort();
  child = await startBridge(w, port);
  const started = await fetch(`http://127.0.0.1:${port}/api/v1/corps/${w.corpId}/push`, {
    method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default" },
  });
  expect(started.status).toBe(202);
  const { id: runId } = (await started.json()) as { id: string };
  await until("some hundreds of people in WeLink", () => rs.sb.org.users.size >= 300, 120_000);
  child.kill(9);
  await child.exited;
  const atKill = rs.sb.org.users.size;
  expect(atKill).toBeLessThan(PEOPLE);

  child = await startBridge(w, port);
  const status = async () => String((await rows(w as unknown as PullWorld, "SELECT status FROM sync_runs WHERE id = ?", [runId]))[0]!.status);
  await until("the resumed run to end", async () => (await status()) !== "running", 240_000);
  expect(await status()).toBe("ok");

  expect(duplicates(rs.sb)).toEqual({ depts: [], users: [] });
  const corpUsers = new Set([...rs.sb.org.users.values()].map((u) => u.corpUserId));
  const corpDepts = new Set([...rs.sb.org.depts.values()].map((d) => d.corpDeptCode));
  expect(people.filter((p) => !corpUsers.has(p.id))).toEqual([]);
  expect(depts.filter((d) => !corpDepts.has(d.id))).toEqual([]);
  const [run] = await rows(w as unknown as PullWorld, "SELECT added, failed FROM sync_runs WHERE id = ?", [runId]);
  expect(run).toMatchObject({ added: PEOPLE + DEPTS, failed: 0 });
}, 400_000);
