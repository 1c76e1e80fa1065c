import { describe, expect, test } from "bun:test";
import { createLogger } from "../../src/kernel/log.ts";
import { createScheduler } from "../../src/kernel/scheduler.ts";

describe("scheduler owners", () => {
  test("an owner's jobs are those named after it and those set with it among their owners", () => {
    const s = createScheduler(createLogger("silent"), "Asia/Shanghai");
    const none = async () => undefined;
    s.set("oa-refresh:t1", "0 2 * * *", none);
    s.set("pull:c1", "0 3 * * *", none, ["t1"]);
    s.set("push:c1", "0 4 * * *", none, ["t1"]);
    s.set("pull:c2", "0 3 * * *", none, ["t2"]);
    expect(s.namesOwnedBy("t1").sort()).toEqual(["oa-refresh:t1", "pull:c1", "push:c1"]);
    expect(s.namesOwnedBy("c1").sort()).toEqual(["pull:c1", "push:c1"]);
    // Replacing a job without owners forgets the old ones: the tenant no longer takes it along.
    s.set("pull:c1", "0 5 * * *", none);
    expect(s.namesOwnedBy("t1").sort()).toEqual(["oa-refresh:t1", "push:c1"]);
    s.set("push:c1", null, none);
    expect(s.namesOwnedBy("t1")).toEqual(["oa-refresh:t1"]);
  });
});
