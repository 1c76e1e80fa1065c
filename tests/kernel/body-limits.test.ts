import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { startHarness, type Harness } from "../helpers/harness.ts";

// Issue 19, finding 3: every route refuses a body over its limit with 413 problem+json before
// reading it, and the scan mint's rate limit runs before its body is read.
let h: Harness;
let server: ReturnType<typeof Bun.serve>;
beforeAll(async () => {
  h = await startHarness();
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req, srv) => h.app.fetch(req, { server: srv }) });
});
afterAll(() => {
  server.stop(true);
  h.close();
});
const base = () => `http://127.0.0.1:${server.port}`;

async function tooLarge(res: Response) {
  expect(res.status).toBe(413);
  expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  const body = (await res.json()) as { code: string; detail: string };
  expect(body.code).toBe("PAYLOAD_TOO_LARGE");
  return body;
}

const form20k = () => new URLSearchParams({ code: "x".repeat(20 * 1024), nonce: "n" }).toString();
const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

/** Sends only the head of a request declaring `length` bytes and returns the first answer line. */
function headOnly(path: string, length: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port as number, "127.0.0.1", () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
    });
    let seen = "";
    socket.on("data", (d) => {
      seen += d.toString();
      if (seen.includes("\r\n")) {
        socket.destroy();
        resolve(seen.split("\r\n")[0] ?? "");
      }
    });
    socket.on("error", reject);
    setTimeout(() => (socket.destroy(), reject(new Error(`no answer for ${path}: the body was awaited`))), 3000);
  });
}

describe("body limits", () => {
  test("a 20 KB form to the homepage entry and the phone's scan page → 413, no 500 and no stack in the log", async () => {
    for (const path of ["/h/someAppKey123/code", "/scan/t/someToken123", "/scan/t/someToken123/bind"]) {
      const before = h.logs.length;
      const res = await fetch(base() + path, { method: "POST", headers: formHeaders, body: form20k() });
      const body = await tooLarge(res);
      expect(body.detail).toContain("16384");
      expect(h.logs.slice(before).some((l) => l.includes('"level":"error"'))).toBe(false);
    }
  });

  test("every public route has a small limit: a declared 50 MB is refused from the head alone", async () => {
    const paths = ["/scan/tickets", "/scan/tickets/abc/handoff", "/h/someAppKey123/code", "/scan/t/someToken123", "/callbacks/welink/someAppKey", "/t/default/oidc/token", "/admin/login"];
    for (const path of paths) expect(`${path} ${await headOnly(path, 50 * 1024 * 1024)}`).toStartWith(`${path} HTTP/1.1 413 `);
    // The API and the admin's CSV uploads keep their larger limits (the upload limit is 64 MB by default).
    expect(await headOnly("/api/v1/oa/csv/users", 50 * 1024 * 1024)).not.toContain("413");
  });

  test("a chunked body is cut at the limit, not read to its end", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent > 50 * 1024 * 1024) return ctl.close();
        sent += 64 * 1024;
        ctl.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = await fetch(`${base()}/scan/tickets`, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    await tooLarge(res);
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  test("the scan mint's rate limit runs before its body is read", async () => {
    const ip = { "x-forwarded-for": "203.0.113.9" };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await h.app.request("/scan/tickets", { method: "POST", headers: { "content-type": "application/json", ...ip }, body: "not json" }, { server: { requestIP: () => ({ address: "203.0.113.9" }) } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
