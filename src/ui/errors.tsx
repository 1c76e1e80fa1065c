/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { type AppError, messageOf } from "../kernel/errors.ts";
import type { AppEnv } from "../kernel/http/env.ts";
import { type Lang, t } from "../kernel/i18n.ts";
import { Flash } from "./components.tsx";
import { Document, LangSwitch, sendHtml, Shell } from "./layout.tsx";
import { type AdminContext, type View, viewOf } from "./session.ts";

export function errorTitle(lang: Lang, status: number): string {
  return t.maybe(lang, `error.title.${status}`) ?? t(lang, "error.title.other");
}

/** An error a form or action met, in the admin's language (from the error catalog), with its code. */
export const ErrorFlash = ({ v, err }: { v: View; err: AppError }) => (
  <Flash kind="error">
    {messageOf(err, v.lang)} <code>{err.code}</code>
  </Flash>
);

function ErrorBody({ v, err, requestId }: { v: View; err: AppError; requestId: string | undefined }) {
  return (
    <div class="panel">
      <h1>{errorTitle(v.lang, err.status)}</h1>
      <p>{messageOf(err, v.lang)}</p>
      {requestId && <p class="muted mono">{t(v.lang, "error.requestId", { id: requestId })}</p>}
      <p>
        <a href="/admin">{t(v.lang, "error.home")}</a>
      </p>
    </div>
  );
}

/**
 * The admin's error page, for errors thrown anywhere under /admin (app.ts routes them here).
 * Inside the shell when the admin is signed in, on its own otherwise; never a stack trace.
 */
export function renderAdminError(c: Context<AppEnv>, err: AppError) {
  const ac = c as unknown as AdminContext;
  const v = viewOf(ac);
  const title = errorTitle(v.lang, err.status);
  const body = <ErrorBody v={v} err={err} requestId={c.get("requestId")} />;
  const page = v.session ? (
    <Shell v={v} title={title} active="" choices={ac.get("tenantChoices") ?? []}>
      {body}
    </Shell>
  ) : (
    <Document v={v} title={title}>
      <main class="login" id="main">
        <header>
          <strong>{t(v.lang, "app.name")}</strong>
          <LangSwitch v={v} />
        </header>
        {body}
      </main>
    </Document>
  );
  return sendHtml(c, page, err.status, { ...err.headers, "Cache-Control": "no-store" });
}
