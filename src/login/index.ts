// What other rooms may use of login/: everything else is private to the room.
export { entryRoutes } from "./entry/routes.ts";
export { audienceOf } from "./handoff/handoff.ts";
export { ensureSigningKey, listSigningKeys, rotateSigningKeys } from "./handoff/keys.ts";
export { handoffRoutes, jwksRoutes } from "./handoff/routes.ts";
export { loginLogPages } from "./log/pages.tsx";
export { loginLogRoutes } from "./log/routes.ts";
export { scanAdminPages } from "./scan/admin-pages.tsx";
export { scanPageRoutes } from "./scan/hosted.tsx";
export { scanPhoneRoutes } from "./scan/phone-routes.ts";
export { scanBrowserRoutes } from "./scan/routes.ts";
export { scanSettingsRoutes } from "./scan/settings-routes.ts";
export { saveScanSettings, scanSettingsFor } from "./scan/settings.ts";
export { registerScanJobs } from "./scan/tickets.ts";
export { loginLog } from "./schema.ts";
export { portalPages } from "./handoff/portal-pages.tsx";
export { saveOaPortal } from "./handoff/portal.ts";
export { countCorpLoginLog } from "./log/store.ts";
