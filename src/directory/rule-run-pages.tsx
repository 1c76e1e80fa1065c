/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Flash, PostForm, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { getCorp } from "../corps/index.ts";
import { autoBindCorp } from "./bindings-auto.ts";
import { td } from "./i18n.ts";
import { corpBase, type TenantCtx, withTenant } from "./page-parts.tsx";

/** "Run the binding rule now": the same use case as POST /api/v1/corps/{corpId}/auto-bind. */
export function RunRuleForm({ v, corpId, ruleOn }: { v: View; corpId: string; ruleOn: boolean }) {
  if (!ruleOn) {
    return (
      <p class="muted">
        {td(v.lang, "rule.off")} <a href={`/admin/corps/${corpId}/edit`}>{td(v.lang, "rule.turnOn")}</a>
      </p>
    );
  }
  return (
    <PostForm v={v} action={`${corpBase(corpId)}/auto-bind`} class="inline">
      <button type="submit" class="button secondary">{td(v.lang, "rule.run")}</button>{" "}
      <span class="muted">{td(v.lang, "rule.runHint")}</span>
    </PostForm>
  );
}

const figure = (c: AdminContext, name: string) => {
  const n = Number.parseInt(c.req.query(name) ?? "", 10);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** What the rule did, in words, after the redirect; the review queue is one click away. */
export function RuleRunResult({ c, v, corpId }: { c: AdminContext; v: View; corpId: string }) {
  const bound = figure(c, "ruleBound");
  const review = figure(c, "ruleReview");
  const unmatched = figure(c, "ruleUnmatched");
  if (bound === undefined || review === undefined || unmatched === undefined) return null;
  return (
    <Flash kind={review > 0 ? "warn" : "ok"}>
      {td(v.lang, "rule.result", { bound, review, unmatched })}{" "}
      {review > 0 && <a href={`${corpBase(corpId)}/reviews`}>{td(v.lang, "rule.toReview")}</a>}
    </Flash>
  );
}

async function run(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const s = await autoBindCorp(deps, corp.id, ctx);
  return c.redirect(`${corpBase(corp.id)}?ruleBound=${s.bound}&ruleReview=${s.review}&ruleUnmatched=${s.unmatched}`, 303);
}

export function ruleRunPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.post("/directory/:corpId/auto-bind", withTenant((c, ctx) => run(c, deps, ctx)));
  return r;
}
