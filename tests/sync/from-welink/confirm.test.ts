import { describe, expect, test } from "bun:test";
import { AppError } from "../../../src/kernel/errors.ts";
import { render } from "../../../src/kernel/said.ts";
import { CONFIRM_LIMIT, confirmMissing } from "../../../src/sync/from-welink/confirm.ts";
import { diffUsers, type UserRecord } from "../../../src/sync/from-welink/diff.ts";
import type { WelinkClient } from "../../../src/welink/index.ts";

const user = (id: string): UserRecord => ({
  userId: id, corpUserId: null, nameCn: id, nameEn: null, mobile: null, email: null, employeeId: null, position: null,
  mainDeptCode: "1", deptCodes: '["1"]', status: 3, removedAt: null,
});

/** A client whose person reads answer "no such object", counting the reads. */
function goneClient() {
  let reads = 0;
  const client = {
    contacts: {
      userDetail: async () => {
        reads++;
        throw new AppError("WELINK_NOT_FOUND", { api: "POST /api/contact/v2/user/detail", welinkCode: "47001", welinkMessage: "user does not exist" });
      },
    },
  } as unknown as WelinkClient;
  return { client, reads: () => reads };
}

describe("confirming what a scoped pull misses", () => {
  test("reads at most CONFIRM_LIMIT; the rest is one failure (so the gate holds them), said in both languages", async () => {
    const n = CONFIRM_LIMIT + 5;
    const mirror = new Map(Array.from({ length: n }, (_, i) => [`u${i}`, user(`u${i}`)] as const));
    const c = goneClient();
    const out = await confirmMissing(c.client, [], diffUsers(mirror, new Map(), 1), 1);
    expect(c.reads()).toBe(CONFIRM_LIMIT);
    expect(out.users.every((ch) => ch.action === "remove")).toBe(true);
    expect(out.failures).toHaveLength(1);
    expect(render(out.failures[0]!.reason, "en")).toContain("the other 5 were not confirmed");
    expect(render(out.failures[0]!.reason, "zh-CN")).toContain("其余 5 个没有向 WeLink 确认");
  });

  test("gone in WeLink stays a removal, with no failure", async () => {
    const c = goneClient();
    const out = await confirmMissing(c.client, [], diffUsers(new Map([["a", user("a")]]), new Map(), 1), 1);
    expect([out.users.map((ch) => ch.action), out.failures]).toEqual([["remove"], []]);
  });
});
