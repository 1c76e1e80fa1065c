import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startWorld, type World } from "./support.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.stop());

/** A form body the request reader cannot parse: a multipart type whose body has no such boundary. */
const broken = { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zzz" }, body: "--nope\r\ngarbage" };

describe("a body the form reader refuses is the caller's fault, not the bridge's", () => {
  test("the homepage's code and bind posts answer 400 with a stop page, and log no error", async () => {
    for (const path of [`/h/${w.appKey}/code`, `/h/${w.appKey}/bind`]) {
      const before = w.h.logs.length;
      const res = await w.h.app.request(path, broken);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(w.h.logs.slice(before).some((l) => l.includes('"level":"error"'))).toBe(false);
    }
  });

  test("the phone's scan page refuses it as a post from no phone session (4xx page), and logs no error", async () => {
    const token = "A".repeat(43);
    const before = w.h.logs.length;
    const res = await w.h.app.request(`/scan/t/${token}`, broken);
    // Without a readable nonce the post belongs to no phone session: the "open the QR again" stop.
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(w.h.logs.slice(before).some((l) => l.includes('"level":"error"'))).toBe(false);
  });

  test("an admin page answers 400 MALFORMED_FORM in the admin's words, and logs no error", async () => {
    const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    const before = w.h.logs.length;
    const res = await w.h.app.request("/admin/tenant", { ...broken, headers: { ...broken.headers, cookie: [...admin.jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("提交的表单无法读取");
    expect(w.h.logs.slice(before).some((l) => l.includes('"level":"error"'))).toBe(false);
  });
});
