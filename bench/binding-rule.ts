/**
 * The binding rule over a whole corp: N WeLink people × N OA people, matched in one pass of
 * in-memory indexes (`planAutoBind`, what `autoBindCorp` runs after a pull). The people are
 * generated so that most match by mobile, some only by e-mail (OR falls through), some share an
 * e-mail (ambiguous → review) and some have no OA counterpart. It times the rule in OR and in AND.
 * `--db` also times `autoBindCorp` end to end on a migrated SQLite (reads, binding rows and one
 * audit entry per binding, in one transaction), OR on the mobile.
 * Usage: bun bench/binding-rule.ts [--size 100000] [--db]
 * Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { planAutoBind } from "../src/directory/bindings-auto.ts";
import type { BindingRule, MatchCandidate } from "../src/directory/match.ts";
import { autoBindCorp } from "../src/directory/bindings-auto.ts";
import { seedOa, seedWelink, setRule, startBindingWorld } from "../tests/directory/binding-support.ts";

const { values } = parseArgs({ options: { size: { type: "string", default: "100000" }, db: { type: "boolean", default: false } } });
const size = Number(values.size);
if (!Number.isInteger(size) || size < 1) throw new Error("usage: bun bench/binding-rule.ts [--size N ≥ 1]");

const mobile = (i: number) => `13${String(i).padStart(9, "0")}`;
const oa: MatchCandidate[] = Array.from({ length: size }, (_, i) => ({
  id: `oa-${i}`,
  account: `acct${i}`,
  // Every 10th OA person has no mobile; every 50th shares an e-mail with the next one.
  mobile: i % 10 === 0 ? null : `+86 ${mobile(i)}`,
  email: i % 50 === 0 ? `shared${i}@corp.cn` : i % 50 === 1 ? `shared${i - 1}@corp.cn` : `p${i}@Corp.cn`,
  employeeNo: `E${i}`,
  active: i % 97 !== 0,
}));
const welink = Array.from({ length: size }, (_, i) => ({
  userId: i % 20 === 19 ? `stranger-${i}` : `acct${i}@corp`,
  mobile: i % 20 === 19 ? "+86-19900000000" : `+86-${mobile(i)}`,
  email: i % 50 === 0 ? `shared${i}@corp.cn` : `p${i}@corp.cn`,
  employeeId: `E${i}`,
}));

function time(rule: BindingRule) {
  const started = performance.now();
  const plan = planAutoBind(rule, welink, oa, new Set());
  const ms = performance.now() - started;
  console.log(`${rule.combine} ${rule.terms.map((t) => t.oa).join(",")}: ${ms.toFixed(0)} ms — bound ${plan.bind.length}, review ${plan.review.length}, unmatched ${plan.unmatched}`);
  return { ms: Math.round(ms), bound: plan.bind.length, review: plan.review.length, unmatched: plan.unmatched };
}

planAutoBind({ enabled: true, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" }, welink.slice(0, 1000), oa.slice(0, 1000), new Set()); // warm-up
const or = time({ enabled: true, terms: [{ oa: "mobile", welink: "mobile" }, { oa: "email", welink: "email" }, { oa: "account", welink: "account" }], combine: "or" });
const and = time({ enabled: true, terms: [{ oa: "mobile", welink: "mobile" }, { oa: "email", welink: "email" }], combine: "and" });
const email = time({ enabled: true, terms: [{ oa: "email", welink: "email" }], combine: "or" });

/** The whole use case against SQLite: seeding is not timed, the run is. */
async function timeWithDb(): Promise<number> {
  const w = await startBindingWorld();
  try {
    for (let i = 0; i < size; i += 2000) await seedOa(w, oa.slice(i, i + 2000).map((p) => ({ id: p.id, mobile: p.mobile ?? undefined, email: p.email ?? undefined, active: p.active })));
    await seedWelink(w, w.corpId, welink.map((p) => ({ userId: p.userId, mobile: p.mobile, email: p.email })));
    await setRule(w, w.corpId, "or", ["mobile"]);
    const started = performance.now();
    const summary = await autoBindCorp(w.h.deps, w.corpId);
    const ms = Math.round(performance.now() - started);
    console.log(`autoBindCorp with SQLite: ${ms} ms — ${JSON.stringify(summary)}`);
    return ms;
  } finally {
    w.h.close();
  }
}

const dbMs = values.db ? await timeWithDb() : null;
const worst = Math.max(or.ms, and.ms, email.ms);
console.log(JSON.stringify({ bench: "binding-rule", welink: size, oa: size, or_ms: or.ms, or_bound: or.bound, or_review: or.review, and_ms: and.ms, and_bound: and.bound, and_review: and.review, email_only_ms: email.ms, email_only_review: email.review, with_db_ms: dbMs, target_ms: 5000, target_met: worst <= 5000 }));
