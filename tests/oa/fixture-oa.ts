/** A tiny OA on loopback for connection and refresh tests: bearer token, page/size paging, switchable faults. */
export type FixtureOa = {
  url: string;
  token: string;
  state: { depts: number; users: number; mode: "ok" | "malformed" | "unauthorized" | "duplicate" | "hang" };
  stop(): void;
};

export function startFixtureOa(depts = 3, users = 7): FixtureOa {
  const state: FixtureOa["state"] = { depts, users, mode: "ok" };
  const token = "fixture-oa-token-123456";
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (state.mode === "hang" && url.pathname.endsWith("/users")) await Bun.sleep(2000);
      if (req.headers.get("authorization") !== `Bearer ${token}` || state.mode === "unauthorized") return new Response("no", { status: 401 });
      if (state.mode === "malformed" && url.pathname.endsWith("/users")) return new Response("{ not json", { headers: { "content-type": "application/json" } });
      const page = Number(url.searchParams.get("page") ?? 1);
      const size = Number(url.searchParams.get("size") ?? 100);
      const all =
        url.pathname === "/org/depts"
          ? Array.from({ length: state.depts }, (_, i) => ({ id: `d${i + 1}`, parent: i === 0 ? null : "d1", name: `部门${i + 1}`, sort: i }))
          : Array.from({ length: state.users }, (_, i) => ({
              id: state.mode === "duplicate" ? "u1" : `u${i + 1}`,
              login: `user${i + 1}`,
              name: `用户${i + 1}`,
              mobile: `1380000${String(i).padStart(4, "0")}`,
              dept: "d1",
            }));
      return Response.json({ data: all.slice((page - 1) * size, page * size) });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, token, state, stop: () => server.stop(true) };
}

export const fixtureSettings = (baseUrl: string) => ({
  baseUrl,
  timeoutMs: 500,
  auth: { type: "bearer" },
  paging: { style: "page", pageParam: "page", sizeParam: "size", firstPage: 1, size: 2 },
  departments: { path: "/org/depts", itemsPath: "data", fields: { id: "id", parentId: "parent", name: "name", order: "sort" } },
  users: { path: "/org/users", itemsPath: "data", fields: { id: "id", account: "login", name: "name", mobile: "mobile", mainDeptId: "dept" } },
});

/** The fixture OA's settings as the http form's fields. */
export function httpForm(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const s = fixtureSettings(url);
  return {
    type: "http",
    baseUrl: s.baseUrl,
    timeoutMs: String(s.timeoutMs),
    "auth.type": "bearer",
    "paging.style": "page",
    "paging.pageParam": "page",
    "paging.sizeParam": "size",
    "paging.firstPage": "1",
    "paging.size": "2",
    "departments.path": s.departments.path,
    "departments.itemsPath": s.departments.itemsPath,
    ...Object.fromEntries(Object.entries(s.departments.fields).map(([k, v]) => [`departments.fields.${k}`, v])),
    "users.path": s.users.path,
    "users.itemsPath": s.users.itemsPath,
    ...Object.fromEntries(Object.entries(s.users.fields).map(([k, v]) => [`users.fields.${k}`, v])),
    ...extra,
  };
}
