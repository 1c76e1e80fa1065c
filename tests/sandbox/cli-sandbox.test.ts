import { afterEach, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { freePort, ROOT, runCli } from "../helpers/cli.ts";
import { call } from "./support.ts";

type Running = { proc: ReturnType<typeof Bun.spawn>; base: string; output: string[] };
let running: Running | undefined;
afterEach(async () => {
  if (running && running.proc.exitCode === null) {
    running.proc.kill("SIGTERM");
    await running.proc.exited;
  }
  running = undefined;
});

/** Starts `welink-bridge sandbox …` with no bridge settings at all, and waits for its banner. */
async function startCli(args: string[]): Promise<Running> {
  const port = freePort();
  const proc = Bun.spawn([process.execPath, resolve(ROOT, "src/main.ts"), "sandbox", "--port", String(port), ...args], {
    cwd: "/tmp",
    env: { PATH: process.env.PATH ?? "", HOME: "/tmp" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const output: string[] = [];
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("inspection API")) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`sandbox exited: ${text} ${await new Response(proc.stderr as ReadableStream).text()}`);
    text += decoder.decode(chunk.value);
  }
  output.push(...text.split("\n"));
  return { proc, base: `http://127.0.0.1:${port}`, output };
}

describe("welink-bridge sandbox", () => {
  test("serves with the given apps, tenant and faults, needing no database or settings; stops on SIGTERM", async () => {
    running = await startCli(["--app", "cli-app:cli-secret", "--app", "second:two", "--tenant-id", "t-cli", "--users", "40", "--depts", "6", "--seed", "3", "--token-ttl", "90", "--has-more-stuck", "--error-rate", "/api/contact/v1/users=1:41500"]);
    expect(running.output.join("\n")).toContain("client_id=cli-app client_secret=cli-secret");
    expect(running.output.join("\n")).toContain("40 users in 6 departments");
    const t = await call(running.base, "POST", "/api/auth/v2/tickets", { body: { client_id: "second", client_secret: "two" } });
    expect(t.body).toMatchObject({ code: "0", expires_in: 90 });
    const token = t.body.access_token as string;
    const list = await call(running.base, "GET", "/api/contact/v1/department/list", { token, query: { deptCode: "0" } });
    expect(list.body.hasMore).toBe(1);
    expect((await call(running.base, "GET", "/api/contact/v1/users", { token, query: { userId: "x" } })).body.code).toBe("41500");
    expect((await call(running.base, "GET", "/_sandbox/state")).body).toMatchObject({ tenantId: "t-cli", users: 40 });
    running.proc.kill("SIGTERM");
    expect(await running.proc.exited).toBe(0);
  }, 20_000);

  test("without --app it makes one app up and prints working credentials", async () => {
    running = await startCli(["--users", "10", "--depts", "5", "--no-rate-limits"]);
    const line = running.output.find((l) => l.includes("client_id="))!;
    const [, clientId, secret] = /client_id=(\S+) client_secret=(\S+)/.exec(line)!;
    const t = await call(running.base, "POST", "/api/auth/v2/tickets", { body: { client_id: clientId, client_secret: secret } });
    expect(t.body.code).toBe("0");
    expect((await call(running.base, "GET", "/_sandbox/settings")).body.rateLimits.enabled).toBe(false);
  }, 20_000);

  test("bad flags exit 2 with the usage", () => {
    for (const args of [["--app", "no-secret"], ["--error-rate", "/api=abc"], ["--bogus"]]) {
      const r = runCli(["sandbox", ...args], {});
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("usage: welink-bridge sandbox");
    }
  });

  test("help lists the sandbox command", () => {
    expect(runCli(["help"], {}).stdout).toContain("sandbox [--port 9090]");
  });
});
