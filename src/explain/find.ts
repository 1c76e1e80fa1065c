import type { Conn } from "../kernel/db/client.ts";
import type { CorpRow } from "../corps/index.ts";
import * as store from "./store.ts";

/**
 * One person as explain sees them: a WeLink person of one corp with the OA person bound to them,
 * or an OA person no WeLink person of that corp is bound to (welink null).
 */
export type Subject = { corp: CorpRow; welink: store.WelinkPersonRow | null; oa: store.OaPersonRow | null; method: string | null };

/**
 * The people a search names, WeLink side and OA side: a WeLink match comes with the OA person
 * bound to them, an OA match with the WeLink person bound to them in each corp (or alone, once
 * per corp, when unbound there). Each (corp, WeLink person) or (corp, OA person) appears once.
 */
export async function findSubjects(db: Conn, tenantId: string, corps: CorpRow[], q: string): Promise<Subject[]> {
  const byId = new Map(corps.map((c) => [c.id, c]));
  const onlyCorp = corps.length === 1 ? corps[0]?.id : undefined;
  const out: Subject[] = [];
  const seen = new Set<string>();
  const add = (s: Subject) => {
    const key = s.welink ? `${s.corp.id}|w|${s.welink.userId}` : `${s.corp.id}|o|${s.oa?.id}`;
    if (seen.has(key) || out.length >= store.MAX_PEOPLE) return;
    seen.add(key);
    out.push(s);
  };

  const welink = (await store.searchWelink(db, tenantId, q, onlyCorp)).filter((w) => byId.has(w.corpId));
  for (const corp of corps) {
    const mine = welink.filter((w) => w.corpId === corp.id);
    const bound = new Map((await store.bindingsOfWelink(db, tenantId, corp.id, mine.map((w) => w.userId))).map((b) => [b.welinkUserId, b]));
    const oa = new Map((await store.oaPeople(db, tenantId, [...bound.values()].map((b) => b.oaUserId))).map((o) => [o.id, o]));
    for (const w of mine) {
      const b = bound.get(w.userId);
      add({ corp, welink: w, oa: b ? (oa.get(b.oaUserId) ?? null) : null, method: b?.method ?? null });
    }
  }

  const oaMatches = await store.searchOa(db, tenantId, q);
  const oaBindings = await store.bindingsOfOa(db, tenantId, oaMatches.map((o) => o.id));
  for (const corp of corps) {
    const mine = oaBindings.filter((b) => b.corpId === corp.id);
    const people = new Map((await store.welinkPeople(db, tenantId, corp.id, mine.map((b) => b.welinkUserId))).map((w) => [w.userId, w]));
    for (const o of oaMatches) {
      const b = mine.find((x) => x.oaUserId === o.id);
      add({ corp, welink: b ? (people.get(b.welinkUserId) ?? null) : null, oa: o, method: b?.method ?? null });
    }
  }
  return out;
}
