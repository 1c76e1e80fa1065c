// What other rooms may use of oa/: everything else is private to the room.
export { saveOaConnection } from "./connection/connection.ts";
export { listOaDepartments, listOaUsers } from "./connection/directory.ts";
export { oaConnectorFor } from "./connection/load-connector.ts";
export { refreshOaDirectory, registerOaSchedules } from "./connection/refresh.ts";
export { oaRoutes } from "./connection/routes.ts";
export type { OaDept, OaDeptWrite, OaUser, OaUserWrite, OaWriteCapability, OaWriter } from "./contract.ts";
export { oaDeptOf } from "./contract.ts";
export { csvRoutes } from "./csv/routes.ts";
export { csvBodyOf, csvText } from "./csv/upload.ts";
export { oaPages } from "./pages.tsx";
export { oaDepartments, oaUsers } from "./schema.ts";
export { findConnection, fromUserRow, listDepartmentRows } from "./store.ts";
export { HANDOFF_ALGS, OaPortalInput, getOaPortal, getOaPortalForTenant, parseOaPortalInput, portalTenantOf, replaceOaPortal, resolveTarget, underBase, DEFAULT_MODULES, DEFAULT_SSO_PATH } from "./portal/portal.ts";
export type { HandoffAlg, OaPortal, OaModule, TargetChoice } from "./portal/portal.ts";
export { isOaPath } from "./portal/target.ts";
