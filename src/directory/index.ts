// What other rooms may use of directory/: everything else is private to the room.
export { bindingApiRoutes } from "./binding-routes.ts";
export { autoBindCorp, planAutoBind } from "./bindings-auto.ts";
export { bindByPassword, bindingTarget, createBinding, findBinding, matchByRule } from "./bindings.ts";
export type { PasswordBindResult } from "./bindings.ts";
export { browseRoutes } from "./browse-routes.ts";
export { td } from "./i18n.ts";
export type { DirKey } from "./i18n.ts";
export { normalizeEmail, normalizeMobile } from "./match.ts";
export type { BindingRule, MatchCandidate } from "./match.ts";
export { ErrorFlash, corpBase, doneFlash, label, renderCorpPage, when, withTenant } from "./page-parts.tsx";
export type { TenantCtx } from "./page-parts.tsx";
export { directoryAreaPages } from "./pages.tsx";
export { bindings, deptBindings, welinkDepts, welinkUsers } from "./schema.ts";
export { allBindingRows, findCorpById } from "./store.ts";
export { loadDeptRecords, loadUserRecords, removeDepts, removeUsers, upsertDepts, upsertUsers } from "./welink-store.ts";
export { directoryMessages } from "./i18n.ts";
export type { DeptRecord, UserRecord } from "./records.ts";
export { syncChanges, syncRuns } from "./schema.ts";
