import { afterEach, describe, expect, test } from "bun:test";
import type { OaConnector } from "../../src/oa/contract.ts";
import { all, baseSettings, connect, depts, failure, fixtureOa, json } from "./http-support.ts";

const stoppers: (() => void)[] = [];
afterEach(() => stoppers.splice(0).forEach((stop) => stop()));

/** A port that was just free: nothing listens there. */
function closedPort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const port = server.port ?? 0;
  server.stop(true);
  return port;
}

const depsOf = (c: OaConnector) => all(c.listDepartments());

describe("http adapter: the OA cannot be reached", () => {
  test("a closed port is OA_UNREACHABLE saying 'connection refused', retryable", async () => {
    const baseUrl = `http://127.0.0.1:${closedPort()}`;
    const error = await failure(depsOf(connect(baseSettings(baseUrl))));
    expect(error.code).toBe("OA_UNREACHABLE");
    expect(error.message).toContain("connection refused");
    expect(error.message).toContain(`${baseUrl}/depts`);
    expect(error.retryable).toBe(true);
  });

  test("a connection closed before any answer is OA_UNREACHABLE saying it was reset", async () => {
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { open: (s) => void s.end(), data: () => {} } });
    stoppers.push(() => listener.stop(true));
    const error = await failure(depsOf(connect(baseSettings(`http://127.0.0.1:${listener.port}`))));
    expect(error.code).toBe("OA_UNREACHABLE");
    expect(error.message).toMatch(/reset|closed/);
  });

  test("a name that does not resolve is OA_UNREACHABLE saying so", async () => {
    const noDns = () => Promise.reject(Object.assign(new TypeError("getaddrinfo ENOTFOUND oa.example.invalid"), { code: "ENOTFOUND" }));
    const error = await failure(depsOf(connect(baseSettings("http://oa.example.invalid"), {}, { fetch: noDns })));
    expect(error.code).toBe("OA_UNREACHABLE");
    expect(error.message).toContain("the host name does not resolve");
  });

  test("an OA that never answers is OA_TIMEOUT after timeoutMs", async () => {
    const oa = fixtureOa(() => new Promise<Response>(() => {}));
    const started = performance.now();
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, { timeoutMs: 150 }))));
    expect(error.code).toBe("OA_TIMEOUT");
    expect(error.message).toContain("0.15 s");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test("an OA that stalls in the middle of its answer is OA_TIMEOUT too", async () => {
    const oa = fixtureOa(
      () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"data":{"items":[')) }), { headers: { "content-type": "application/json" } }),
    );
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, { timeoutMs: 150 }))));
    expect(error.code).toBe("OA_TIMEOUT");
  });
});

describe("http adapter: the OA answers with an error", () => {
  test("401 and 403 are OA_AUTH_FAILED", async () => {
    for (const status of [401, 403]) {
      const oa = fixtureOa(() => json({ msg: "no" }, status));
      const error = await failure(depsOf(connect(baseSettings(oa.baseUrl))));
      expect(error.code).toBe("OA_AUTH_FAILED");
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  test("other statuses are OA_HTTP_ERROR, retryable for 5xx only", async () => {
    const server = fixtureOa(() => json({}, 503));
    expect(await failure(depsOf(connect(baseSettings(server.baseUrl))))).toMatchObject({ code: "OA_HTTP_ERROR", retryable: true });
    const missing = fixtureOa(() => json({}, 404));
    expect(await failure(depsOf(connect(baseSettings(missing.baseUrl))))).toMatchObject({ code: "OA_HTTP_ERROR", retryable: false });
  });

  test("a redirect is not followed (the credentials would go with it): OA_HTTP_ERROR", async () => {
    const elsewhere = fixtureOa(() => json({ data: { items: depts(1) } }));
    const oa = fixtureOa(() => new Response(null, { status: 302, headers: { location: `${elsewhere.baseUrl}/depts` } }));
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, { auth: { type: "bearer" } }), { token: "tok-redirected" })));
    expect(error.code).toBe("OA_HTTP_ERROR");
    expect(error.message).toContain("HTTP 302");
    expect(elsewhere.seen.length).toBe(0);
  });
});

describe("http adapter: answers that do not fit the settings", () => {
  const badResponse = async (answer: () => Response, extra: Record<string, unknown> = {}) => {
    const oa = fixtureOa(answer);
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, extra))));
    expect(error.code).toBe("OA_BAD_RESPONSE");
    return error.message;
  };

  test("a body that is not JSON", async () => {
    const message = await badResponse(() => new Response("<html>login</html>", { headers: { "content-type": "text/html; charset=utf-8" } }));
    expect(message).toContain("/depts");
    expect(message).toContain("the body is not JSON (HTTP 200, text/html)");
  });

  test("itemsPath pointing at an object, not a list", async () => {
    expect(await badResponse(() => json({ data: { items: { a: 1 } } }))).toContain('"data.items" is an object, not a list');
  });

  test("nothing at itemsPath, with what the OA said", async () => {
    const message = await badResponse(() => json({ code: 401, msg: "token expired", data: null }));
    expect(message).toContain('there is nothing at "data.items"');
    expect(message).toContain('the OA said: "token expired"');
  });

  test("a null list reads as an empty one", async () => {
    const oa = fixtureOa(() => json({ data: { items: null } }));
    expect((await depsOf(connect(baseSettings(oa.baseUrl)))).items).toEqual([]);
  });

  test("an item without its id names the item, the page and the path", async () => {
    const oa = fixtureOa((s) => json({ data: { items: s.query.page === "1" ? depts(2) : [{ id: 3, parentId: 1, name: "C" }, { deptId: 4, name: "D" }] } }));
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, { paging: { style: "page", size: 2 } }))));
    expect(error.code).toBe("OA_BAD_RESPONSE");
    expect(error.message).toContain('item 1 (counting from 0) on page 2 has no id at "id"');
  });

  test("a person without an account", async () => {
    const oa = fixtureOa(() => json({ data: { items: [{ id: 1, name: "A", account: "" }] } }));
    const error = await failure(all(connect(baseSettings(oa.baseUrl)).listUsers()));
    expect(error.message).toContain('has no account at "account"');
  });

  test("an item that is not an object", async () => {
    expect(await badResponse(() => json({ data: { items: ["研发部"] } }))).toContain("item 0 (counting from 0) on page 1 is a string, not an object");
  });
});

describe("http adapter: paging that would loop", () => {
  test("a cursor that repeats stops the read", async () => {
    const oa = fixtureOa((s) => json({ data: { items: depts(2) }, next: s.query.cursor === "a" ? "b" : "a" }));
    const settings = baseSettings(oa.baseUrl, { paging: { style: "cursor", nextCursorPath: "next" } });
    const error = await failure(depsOf(connect(settings)));
    expect(error.code).toBe("OA_BAD_RESPONSE");
    expect(error.message).toContain("page 3 gives a next cursor that was already used");
    expect(oa.seen.length).toBe(3);
  });

  test("an OA that ignores the paging parameters (the same full page again) stops the read", async () => {
    const oa = fixtureOa(() => json({ data: { items: depts(2) } }));
    const error = await failure(depsOf(connect(baseSettings(oa.baseUrl, { paging: { style: "offset", size: 2 } }))));
    expect(error.message).toContain("page 2 repeats page 1");
  });

  test("more pages or items than the limits stop the read", async () => {
    let n = 0;
    const oa = fixtureOa(() => json({ data: { items: [{ id: ++n, name: "x" }] }, next: `c${n}` }));
    const settings = baseSettings(oa.baseUrl, { paging: { style: "cursor", nextCursorPath: "next" } });
    const pages = await failure(depsOf(connect(settings, {}, { limits: { maxPages: 5, maxItems: 1000 } })));
    expect(pages.message).toContain("more than 5 pages; the paging seems to loop");
    const items = await failure(depsOf(connect(settings, {}, { limits: { maxPages: 1000, maxItems: 3 } })));
    expect(items.message).toContain("more than 3 items");
  });
});

describe("http adapter: secrets stay out of errors", () => {
  const secrets = { token: "tok-SECRET-1111", password: "pw-SECRET-2222", headerValue: "hv-SECRET-3333" };
  const basic = btoa("bridge:pw-SECRET-2222");
  const auths = [{ type: "bearer" }, { type: "basic", username: "bridge" }, { type: "header", name: "X-Api-Key" }];

  /** An OA that repeats whatever credentials it was sent, in every way an answer can. */
  const echo = (kind: string) =>
    fixtureOa((s) => {
      const sent = `${s.headers.get("authorization") ?? ""} ${s.headers.get("x-api-key") ?? ""} ${s.body}`;
      if (kind === "message") return json({ code: 1, msg: `bad credentials: ${sent}` });
      if (kind === "not-json") return new Response(`denied ${sent}`, { headers: { "content-type": `text/plain; note=${sent.trim().replace(/\s+/g, "_")}` } });
      if (kind === "weird-type") return new Response("x", { headers: { "content-type": sent.trim().replace(/\s+/g, "/") } });
      return json({ msg: sent }, Number(kind));
    });

  test("no token, password, header value or basic credentials in any error", async () => {
    const messages: string[] = [];
    for (const auth of auths) {
      for (const kind of ["message", "not-json", "weird-type", "401", "500"]) {
        const oa = echo(kind);
        const settings = baseSettings(oa.baseUrl, {
          auth,
          passwordCheck: { path: "/check", userPath: "user" },
        });
        const c = connect(settings, secrets);
        for (const run of [() => c.testConnection(), () => depsOf(c), () => c.verifyPassword("lina", "user-PASSWORD-4444")]) {
          const error = (await run().then(
            () => undefined,
            (e: unknown) => e,
          )) as (Error & { cause?: unknown }) | undefined;
          if (error) messages.push(`${error.message} ${JSON.stringify(error)} ${String(error.cause ?? "")}`);
        }
      }
    }
    const refused = await failure(depsOf(connect(baseSettings(`http://127.0.0.1:${closedPort()}`, { auth: auths[0] }), secrets)));
    messages.push(refused.message);
    expect(messages.length).toBeGreaterThan(30);
    for (const m of messages) {
      for (const secret of [...Object.values(secrets), basic, "user-PASSWORD-4444"]) expect(m).not.toContain(secret);
    }
  });
});
