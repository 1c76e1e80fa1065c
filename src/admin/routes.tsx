/** @jsxImportSource hono/jsx */
import { Hono, type MiddlewareHandler } from "hono";
import { auditPages } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import { LANGS } from "../kernel/i18n.ts";
import { loadSession, loginRoutes, switchAdminTenant, tenancyPages } from "../accounts/index.ts";
import { oaPages } from "../oa/index.ts";
import { loginLogPages, portalPages, scanAdminPages, ssoAdminPages } from "../login/index.ts";
import { type CorpFootprint, corpPages } from "../corps/index.ts";
import { directoryAreaPages } from "../directory/index.ts";
import { SCOPE_PICKER_PATH, SCOPE_PICKER_SCRIPT, syncAreaPages } from "../sync/index.ts";
import { messagePushPages } from "../messages/index.ts";
import { explainPages } from "../explain/index.ts";
import { ADMIN_CSS, ADMIN_CSS_VERSION, type AdminEnv, COPY_SCRIPT, COPY_SCRIPT_PATH, csrfProtection, langOf, readForm, requireSession, safeBack, securityHeaders, sessionOf, setLang } from "../ui/index.ts";
import { overviewPages } from "./overview.tsx";

export { renderAdminError } from "../ui/index.ts";

function stylesheet(c: Parameters<MiddlewareHandler>[0]) {
  // Versioned URL: a current `v` may be cached for good, anything else only briefly.
  const immutable = c.req.query("v") === ADMIN_CSS_VERSION;
  return c.body(ADMIN_CSS, 200, {
    "Content-Type": "text/css; charset=utf-8",
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
  });
}

/** The HTML admin, mounted at /admin: sign-in, the shell, and every feature's pages. */
export function adminRoutes(deps: Deps, corpFootprint: CorpFootprint) {
  const admin = new Hono<AdminEnv>();
  admin.get("/assets/admin.css", stylesheet);
  admin.get(COPY_SCRIPT_PATH.slice("/admin".length), (c) =>
    c.body(COPY_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300", "x-content-type-options": "nosniff" }),
  );

  admin.get(SCOPE_PICKER_PATH.slice("/admin".length), (c) =>
    c.body(SCOPE_PICKER_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300", "x-content-type-options": "nosniff" }),
  );

  admin.use("*", securityHeaders(), async (c, next) => {
    c.set("lang", langOf(c));
    c.set("tz", deps.config.timezone);
    await next();
  });
  admin.get("/lang/:lang", (c) => {
    const lang = LANGS.find((l) => l === c.req.param("lang"));
    if (lang) setLang(c, deps, lang);
    return c.redirect(safeBack(c.req.query("back")), 303);
  });

  // The session is loaded before the CSRF check so that a refused form is answered inside the shell.
  admin.use("*", loadSession(deps), csrfProtection(deps));
  admin.route("/", loginRoutes(deps));

  // Everything below needs a signed-in admin.
  admin.use("*", requireSession());
  admin.post("/tenant", async (c) => {
    const form = await readForm(c);
    await switchAdminTenant(deps, sessionOf(c), form.text("tenant") || null);
    return c.redirect(safeBack(form.text("back")), 303);
  });
  admin.route("/", overviewPages(deps));
  admin.route("/", tenancyPages(deps));
  admin.route("/", corpPages(deps, corpFootprint));
  admin.route("/", auditPages(deps));
  admin.route("/", oaPages(deps));
  admin.route("/", portalPages(deps));
  admin.route("/", loginLogPages(deps));
  admin.route("/", scanAdminPages(deps));
  admin.route("/", ssoAdminPages(deps));
  admin.route("/", directoryAreaPages(deps));
  admin.route("/", syncAreaPages(deps));
  admin.route("/", messagePushPages(deps));
  admin.route("/", explainPages(deps));
  return admin;
}
