import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { corpRowOf, listCorpRows, tenantOf } from "../corps/index.ts";
import type { Answer, Question } from "./answer.ts";
import { personFacts, tenantFacts } from "./facts.ts";
import { findSubjects, type Subject } from "./find.ts";
import { answersFor } from "./questions.ts";
import { MAX_PEOPLE } from "./store.ts";

export type ExplainQuery = { q: string; corpId?: string | undefined };
export type ExplainedPerson = {
  corp: { id: string; name: string };
  welink: { userId: string; name: string; mobile: string | null; status: number; removed: boolean } | null;
  oa: { id: string; account: string; name: string; active: boolean } | null;
  /** How the binding was made; null when unbound. */
  binding: string | null;
  answers: Record<Question, Answer>;
};
export type Explained = { q: string; people: ExplainedPerson[]; truncated: boolean };

function personOf(s: Subject, answers: Record<Question, Answer>): ExplainedPerson {
  const { welink: w, oa } = s;
  return {
    corp: { id: s.corp.id, name: s.corp.name },
    welink: w ? { userId: w.userId, name: w.nameCn, mobile: w.mobile, status: w.status, removed: w.removedAt !== null } : null,
    oa: oa ? { id: oa.id, account: oa.account, name: oa.name, active: oa.active } : null,
    binding: s.method,
    answers,
  };
}

/**
 * Why something works or not for the people a search names: can they open the app, will they
 * receive messages, can they scan to log in, are they in the OA → WeLink sync. Reads only — the
 * bridge's tables, and WeLink reads of the person with each app's token (for visible ranges).
 */
export async function explainPeople(deps: Deps, ctx: Ctx, query: ExplainQuery): Promise<Explained> {
  const tenant = tenantOf(ctx);
  const corps = query.corpId ? [await corpRowOf(deps.db, ctx, query.corpId)] : await listCorpRows(deps.db, tenant.id);
  const q = query.q.trim();
  const subjects = await findSubjects(deps.db, tenant.id, corps, q);
  const t = await tenantFacts(deps, { ...ctx, tenant });
  const people: ExplainedPerson[] = [];
  for (const s of subjects) people.push(personOf(s, answersFor(s, await personFacts(deps, ctx, s), t)));
  return { q, people, truncated: subjects.length >= MAX_PEOPLE };
}
