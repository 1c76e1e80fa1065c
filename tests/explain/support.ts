import { expect } from "bun:test";
import { createUser } from "../../src/sandbox/welink/user-ops.ts";
import { oaDept, oaUser, push, pushSettings, putOa, startPushWorld, welinkDept, type PushWorld } from "../sync/to-welink/support.ts";

export type ExplainWorld = PushWorld & {
  appId: string;
  /** WeLink ids: bound (U1), invisible (U2, outside the app's visible range), excluded (U3), unbound (赵四). */
  ids: { bound: string; invisible: string; excluded: string; unbound: string };
  call(method: string, path: string, body?: unknown): Promise<Response>;
};

/**
 * A read-write corp whose OA → WeLink run created and bound 张一 (研发部), 王二 (市场部) and
 * 李三 (研发部); 赵四 was added in WeLink by hand and pulled, unbound. Then: 李三 is excluded
 * from the scope (no run since), the app's visible range shrinks to 研发部 (王二 falls outside), a push rule sends todos through the app, scan login is on with the app, and the OA
 * portal is set (handoff sign-in ready).
 */
export async function startExplainWorld(): Promise<ExplainWorld> {
  const w = await startPushWorld();
  const call = (method: string, path: string, body?: unknown) => w.h.call(method, path, { tenant: "default", body });
  welinkDept(w.rs.sb, "总部");
  await putOa(w, [oaDept("D0", "总部", null), oaDept("DA", "研发部", "D0"), oaDept("DB", "市场部", "D0", 2)], [
    oaUser("U1", "张一", "DA", 1), oaUser("U2", "王二", "DB", 2), oaUser("U3", "李三", "DA", 3),
  ]);
  await pushSettings(w, { addNewPeople: true });
  expect((await push(w)).status).toBe("ok");
  const idOf = (code: string) => w.rs.sb.org.userByCorpId(code)!.userId;
  const rd = [...w.rs.sb.org.depts.values()].find((d) => d.corpDeptCode === "DA")!.deptCode;
  const made = createUser(w.rs.sb, { userNameCn: "赵四", mobileNumber: "+86-13900000004", mainDeptCode: rd, deptCodes: [rd] });
  if (!made.ok) throw new Error(made.error.message);
  expect((await call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`)).status).toBe(200);
  await pushSettings(w, { addNewPeople: true, scope: { depts: [], include: [], exclude: ["U3"] } });

  w.rs.app.visible = { all: false, deptCodes: [rd], userIds: [] };
  const apps = (await (await call("GET", `/api/v1/corps/${w.corpId}/apps`)).json()) as { items: { id: string }[] };
  const appId = apps.items[0]!.id;
  expect((await call("POST", "/api/v1/push-rules", { name: "待办推送", sources: ["todo"], targets: [{ corpId: w.corpId, appId, type: "todo" }] })).status).toBe(201);
  expect((await call("PUT", "/api/v1/scan-login/settings", { enabled: true, appId })).status).toBe(200);
  expect((await call("PUT", "/api/v1/oa/portal", { webBaseUrl: "https://oa.example.com" })).status).toBe(200);
  return { ...w, appId, call, ids: { bound: idOf("U1"), invisible: idOf("U2"), excluded: idOf("U3"), unbound: made.value.userId } };
}
