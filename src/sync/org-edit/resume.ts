import type { Deps } from "../../deps.ts";
import { findCorpById } from "../../directory/index.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError } from "../../kernel/errors.ts";
import { encodeSaid, saidOf, say } from "../../kernel/said.ts";
import * as pstore from "../to-welink/store.ts";
import { claim, pushClient, released } from "../to-welink/sync.ts";
import * as store from "../store.ts";
import { applyAndFinishEdit, auditEdit, removalModeOf } from "./edit.ts";

/** Who made the edit, as its journalled reason names them (the audit of a resumed edit keeps the admin). */
function actorOf(tenantId: string, why: string | null): Ctx {
  const params = why ? ((JSON.parse(why) as { params?: { actor?: unknown } }).params ?? {}) : {};
  const label = typeof params.actor === "string" ? params.actor : "system:push";
  return { actor: { label, global: false, tenantId }, tenant: { id: tenantId, slug: "" } };
}

/**
 * At start: edits left running by a crash continue from their journal like a push run — an item
 * marked started is sent again, and a create WeLink already has is found by its corp key.
 * A corp that is no longer read-write (or lost its sync app) ends the run as failed, with why.
 */
export async function resumeEditRuns(deps: Deps): Promise<number> {
  let resumed = 0;
  for (const run of await store.runsLeftRunning(deps.db, ["edit"])) {
    try {
      const corp = await findCorpById(deps.db, run.corpId);
      if (!corp) throw new AppError("PUSH_INTERRUPTED");
      const [it] = await pstore.listItems(deps.db, run.id);
      if (!it) throw new AppError("PUSH_INTERRUPTED");
      const client = await pushClient(deps, corp);
      const actor = actorOf(run.tenantId, it.why);
      claim(corp.id);
      const done = applyAndFinishEdit(deps, { run, client, removalMode: removalModeOf(it), actor });
      await released(corp.id, done);
      const [after] = await pstore.listItems(deps.db, run.id);
      if (after?.state === "done") await auditEdit(deps, actor, { corpId: corp.id, tenantId: corp.tenantId, runId: run.id }, after, null);
      resumed++;
    } catch (e) {
      if ((await store.findRun(deps.db, run.tenantId, run.id))?.status !== "running") continue;
      const said = e instanceof AppError && e.code === "PUSH_INTERRUPTED" ? saidOf(e) : say("push.notResumed", undefined, saidOf(e));
      await store.updateRun(deps.db, run.id, { status: "failed", error: encodeSaid(said), finishedAt: deps.clock.now(), progress: null });
    }
  }
  return resumed;
}
