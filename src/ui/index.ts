// What other rooms may use of ui/: everything else is private to the room.
export { Badge, Checkboxes, Confirm, CsrfField, Facts, Field, Flash, FormInvalid, PostForm, Table, Value, fieldErrors } from "./components.tsx";
export type { FieldErrors } from "./components.tsx";
export { csrfProtection, rotateCsrf } from "./csrf.ts";
export { dayBound } from "./date-filter.ts";
export { ErrorFlash, renderAdminError } from "./errors.tsx";
export { clearSessionCookie, COOKIE, langOf, readForm, safeBack, securityHeaders, setLang, setSessionCookie } from "./http.ts";
export type { Form } from "./http.ts";
export { ta } from "./i18n.ts";
export { Document, LangSwitch, NAV_ITEMS, renderPage, sendHtml } from "./layout.tsx";
export type { NavItem } from "./layout.tsx";
export { ctxOf, requireSession, sessionOf, viewOf } from "./session.ts";
export type { AdminContext, AdminEnv, View } from "./session.ts";
export { ADMIN_CSS, ADMIN_CSS_VERSION } from "./styles.ts";
export { tenantGuard } from "./tenant-guard.tsx";
export type { TenantCtx } from "./tenant-guard.tsx";
export type { AdminSession, TenantChoice } from "./session.ts";
export { duration, SelectField, TextAreaField } from "./form-fields.tsx";
export { langFrom, MobileDocument, STYLE } from "./mobile-document.tsx";
