// What other rooms may use of accounts/: everything else is private to the room.
export { resolveAdminSession, switchAdminTenant } from "./admin-login.ts";
export type { AdminSession } from "./admin-login.ts";
export { setAdminPassword } from "./admins.ts";
export { authenticate } from "./auth-middleware.ts";
export { ensureBootstrap } from "./bootstrap.ts";
export type { BootstrapResult } from "./bootstrap.ts";
export { tenancyPages } from "./pages.tsx";
export { tenancyRoutes } from "./routes.ts";
export { apps, corpRef, corps, tenantRef, tenants } from "./schema.ts";
export { loginRoutes } from "./sign-in-pages.tsx";
export { findTenantById, findTenantBySlug } from "./store.ts";
export { getTenant, listTenants } from "./tenants.ts";
export type { TenantView } from "./tenants.ts";
export { NewToken, issueToken, listTokens, revokeToken } from "./tokens.ts";
export { loadSession } from "./admin-session.ts";
