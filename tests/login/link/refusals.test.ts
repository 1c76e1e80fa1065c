import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sealJson } from "../../../src/login/entry/seal.ts";
import { codeOnPage, EntryClient, lastLog, TENANT } from "../entry/support.ts";
import { type LinkWorld, PC_UA, pathOf, startLinkWorld } from "./support.ts";

/** Links that must not open: forged, another tenant's or purpose's, off the OA, an unknown tenant. */
let w: LinkWorld;
let link: string;
let target: string;

beforeAll(async () => {
  w = await startLinkWorld();
  target = `${w.oa.url}/todo/AP-8`;
  await w.push({ externalId: "AP-8", to: [w.people[0]!], url: target });
  link = (await w.todoOf(w.people[0]!, "AP-8")).detailsUrl!;
});
afterAll(() => w?.stop());

describe("refusals", () => {
  const refused = async (path: string, ua?: string) => new EntryClient(w.h.app, ua).get(path);

  test("a forged seal is refused with a page in both languages, and logged", async () => {
    const sealed = pathOf(link).split("/go/")[1]!;
    const forged = `${sealed.slice(0, -4)}${sealed.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    for (const ua of [undefined, PC_UA]) {
      const res = await refused(`/t/${TENANT}/go/${forged}`, ua);
      expect(res.status).toBe(404);
      expect(res.headers.get("location")).toBeNull();
      const html = await res.text();
      expect(html).toContain("链接无效");
      expect(html).toContain('data-code="LINK_INVALID"');
    }
    const en = await w.h.app.request(`/t/${TENANT}/go/${forged}`, { headers: { "accept-language": "en" } });
    expect(await en.text()).toContain("Invalid link");
    expect(await lastLog(w)).toMatchObject({ result: "failed", reason: "LINK_INVALID" });
  });

  test("another tenant's link is refused, under its own slug or under this one", async () => {
    const other = await w.h.call("POST", "/api/v1/tenants", { body: { slug: "other", name: "Other" } });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as { id: string }).id;
    // This tenant's link under the other tenant's address.
    const moved = await refused(`/t/other/go/${pathOf(link).split("/go/")[1]}`);
    expect(await codeOnPage(moved)).toBe("LINK_INVALID");
    // A link sealed for the other tenant, opened under this one.
    const sealed = await sealJson(w.h.deps, "link", { tenantId: otherId, corpId: w.corpId, appId: w.appId, target }, 60_000);
    const res = await refused(`/t/${TENANT}/go/${sealed}`);
    expect(res.status).toBe(404);
    expect(await codeOnPage(res)).toBe("LINK_INVALID");
    // A link sealed for another purpose (the full-text page's) is not a link either.
    const fullText = await w.h.deps.box.seal("m-1", "push.fulltext");
    expect(await codeOnPage(await refused(`/t/${TENANT}/go/${fullText}`))).toBe("LINK_INVALID");
  });

  test("a target outside the OA is refused, never redirected to, inside WeLink and on a PC", async () => {
    for (const bad of ["https://evil.example/todo", `${w.oa.url.replace("127.0.0.1", "localhost")}/todo`, "//evil.example/x"]) {
      const sealed = await sealJson(w.h.deps, "link", { tenantId: w.tenantId, corpId: w.corpId, appId: w.appId, target: bad }, 60_000);
      for (const ua of [undefined, PC_UA]) {
        const res = await refused(`/t/${TENANT}/go/${sealed}`, ua);
        expect(res.status).toBe(400);
        expect(res.headers.get("location")).toBeNull();
        expect(await codeOnPage(res)).toBe("LINK_TARGET_REFUSED");
      }
    }
    expect(await lastLog(w)).toMatchObject({ result: "failed", reason: "LINK_TARGET_REFUSED", corpId: w.corpId, appId: w.appId });
  });

  test("an unknown tenant shows its own page", async () => {
    const res = await refused(`/t/nobody/go/${pathOf(link).split("/go/")[1]}`);
    expect(res.status).toBe(404);
    expect(await codeOnPage(res)).toBe("UNKNOWN_TENANT");
  });
});
