import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, createApi, jsonContent } from "../kernel/http/openapi.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { CHECK_CODES, QUESTIONS } from "./answer.ts";
import { type Explained, explainPeople } from "./explain.ts";
import { checkText } from "./i18n.ts";

const tags = ["Explain"];

export const ExplainQuery = z.object({
  q: z.string().trim().min(2).max(100).openapi({ param: { name: "q", in: "query" }, description: "A name (or part of one), an OA or WeLink account, a mobile number or a WeLink user id" }),
  corpId: z.string().min(1).max(64).optional().openapi({ param: { name: "corpId", in: "query" }, description: "Only this WeLink enterprise" }),
});

const Check = z.object({
  code: z.enum(CHECK_CODES),
  state: z.enum(["ok", "bad", "unknown", "info"]).openapi({ description: "bad decides a no; unknown a cannot-tell; info only explains" }),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  reason: z.string().openapi({ description: "The check in English words" }),
  fix: z.string().nullable().openapi({ description: "The admin page that changes the outcome" }),
});
const Answer = z.object({ verdict: z.enum(["yes", "no", "unknown", "notApplicable"]), checks: z.array(Check) });
const Person = z
  .object({
    corp: z.object({ id: z.string(), name: z.string() }),
    welink: z.object({ userId: z.string(), name: z.string(), mobile: z.string().nullable(), status: z.number().int(), removed: z.boolean() }).nullable(),
    oa: z.object({ id: z.string(), account: z.string(), name: z.string(), active: z.boolean() }).nullable(),
    binding: z.string().nullable().openapi({ description: "How the binding was made (password, rule, admin, import); null when unbound" }),
    answers: z.object(Object.fromEntries(QUESTIONS.map((q) => [q, Answer])) as Record<(typeof QUESTIONS)[number], typeof Answer>),
  })
  .openapi("ExplainedPerson");
const Result = z.object({ q: z.string(), people: z.array(Person), truncated: z.boolean() }).openapi("Explained");

/** The API's view: each check also in English words, times as ISO strings. */
function view(e: Explained): z.infer<typeof Result> {
  const iso = (at: number) => new Date(at).toISOString();
  return {
    ...e,
    people: e.people.map((p) => ({
      ...p,
      answers: Object.fromEntries(
        QUESTIONS.map((q) => [q, { verdict: p.answers[q].verdict, checks: p.answers[q].checks.map((c) => ({ code: c.code, state: c.state, params: c.params ?? {}, reason: checkText("en", c, iso), fix: c.fix ?? null })) }]),
      ) as z.infer<typeof Person>["answers"],
    })),
  };
}

/** Explain (JSON API, under /api/v1): reads only. */
export function explainRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/explain", tags,
      summary: "For the people a search names: can they open the app, will they receive messages, can they scan to log in, are they in the OA → WeLink sync — each with the checks behind it and the admin page that fixes it. Reads only",
      request: { query: ExplainQuery },
      responses: { 200: jsonContent(Result, "The people found (at most 20) and their answers") },
    }),
    async (c) => c.json(view(await explainPeople(deps, tenantCtx(c), c.req.valid("query"))), 200),
  );
  return api;
}
