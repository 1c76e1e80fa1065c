// What other rooms may use of corps/: everything else is private to the room.
export { CorpParam } from "./api-schemas.ts";
export { appClient, resolveAppByKey, welinkClientFor } from "./app-client.ts";
export { homepageUrl } from "./app-input.ts";
export type { ResolvedApp } from "./app-client.ts";
export type { AppView } from "./app-input.ts";
export { openAppSecret } from "./app-secret.ts";
export { appRowOf, createApp, listApps } from "./apps.ts";
export { BINDING_FIELDS, BindingRule, CONTACT_PERMISSIONS, parseBindingRule } from "./corp-input.ts";
export type { BindingField } from "./corp-input.ts";
export type { CorpView } from "./corp-input.ts";
export { Toggle } from "./corp-parts.tsx";
export { corpRowOf, createCorp, getCorp, listCorps, tenantOf, updateCorp } from "./corps.ts";
export { corpPages } from "./pages.tsx";
export { corpApiRoutes } from "./routes.ts";
export { findApp, findCorp, listCorpRows } from "./store.ts";
export type { CorpRow } from "./store.ts";
export type { CorpFootprint } from "./footprint.ts";
