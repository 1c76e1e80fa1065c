import type { NetPolicy } from "../../kernel/net-policy.ts";
import type { OaConnector } from "../contract.ts";
import { createHttpConnector } from "../http/connector.ts";
import type { HttpOaSettings } from "../http/settings.ts";

export type DemoOaSettings = { baseUrl: string };
export type DemoOaSecrets = { token?: string };

/**
 * The http adapter's settings for the demo OA (src/sandbox/oa/api.ts): `{code: 0, data: {items,
 * total}}` pages, every person field mapped, people who left answered as status "left", and a
 * password check. Kept in step with that API by tests/sandbox/oa/connector.test.ts.
 */
export function demoHttpSettings(baseUrl: string): HttpOaSettings {
  return {
    baseUrl,
    auth: { type: "bearer" },
    timeoutMs: 10_000,
    paging: { style: "page", pageParam: "page", sizeParam: "size", firstPage: 1, size: 200 },
    departments: { path: "/api/org/departments", query: {}, itemsPath: "data.items", fields: { id: "id", parentId: "parentId", name: "name", order: "sort" } },
    users: {
      path: "/api/org/users",
      query: {},
      itemsPath: "data.items",
      fields: {
        id: "id",
        account: "loginName",
        name: "name",
        mobile: "mobile",
        email: "email",
        employeeNo: "jobNumber",
        position: "title",
        mainDeptId: "deptId",
        partTimeDeptIds: "partTimeDeptIds",
        active: "status",
        inactiveValues: ["left"],
      },
    },
    passwordCheck: { path: "/api/auth/verify", accountField: "account", passwordField: "password", userPath: "data.user" },
    writes: {
      idempotencyHeader: "Idempotency-Key",
      createDept: { method: "POST", path: "/api/org/departments", idPath: "data.id" },
      updateDept: { method: "PATCH", path: "/api/org/departments/{id}" },
      disableDept: { method: "POST", path: "/api/org/departments/{id}/disable" },
      createUser: { method: "POST", path: "/api/org/users", idPath: "data.id" },
      updateUser: { method: "PATCH", path: "/api/org/users/{id}" },
      disableUser: { method: "POST", path: "/api/org/users/{id}/disable" },
      deptFields: { name: "name", parentId: "parentId", order: "sort" },
      userFields: { account: "loginName", name: "name", mobile: "mobile", email: "email", employeeNo: "jobNumber", position: "title", mainDeptId: "deptId" },
    },
  };
}

/** The demo OA is an http OA with known settings: only its address and token vary. */
export function createDemoConnector(settings: DemoOaSettings, secrets: DemoOaSecrets, net: NetPolicy): OaConnector {
  return createHttpConnector(demoHttpSettings(settings.baseUrl), { token: secrets.token }, { net });
}
