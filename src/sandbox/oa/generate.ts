import { GIVEN, POSITIONS, SURNAMES } from "../welink/generate-data.ts";
import { type GenerateOptions, generateOrg, mulberry32 } from "../welink/generate.ts";
import type { User } from "../welink/model.ts";
import { Org } from "../welink/org.ts";
import type { DemoOaOrg, OaOrgDept, OaPerson } from "./model.ts";

/**
 * The demo OA's organisation, derived from the WeLink sandbox's organisation of the same seed, so
 * that binding and matching have real work and real misses:
 *
 * - Departments: the same tree in the same order, with the OA's own ids ("d1001"…). First-level
 *   names are equal (the OA → WeLink sync stops on a top-level mismatch); ~15 % of the others are
 *   renamed as an OA would name them ("北京研发部" → "北京研发中心", "前端组" → "前端小组").
 * - People: as many as WeLink has, ids "u100001"…. ~90 % are a WeLink person (same name, employee
 *   number copied; title copied for ~90 % of them, the rest since promoted in the OA). Of those, 60 %
 *   keep both mobile and e-mail, 25 % only the mobile, 15 % only the e-mail. Mobiles are written the
 *   OA's way: 70 % bare ("13812345678"), 20 % as WeLink ("+86-13812345678"), 10 % spaced
 *   ("+86 138 1234 5678"); 10 % of e-mails differ in case. So a binding rule must normalise both.
 * - ~10 % are not in WeLink (contractors, new hires): another name, a mobile on a prefix WeLink's
 *   generator never uses, a partner e-mail or none, job number "T…". The WeLink people they stand
 *   in for have no OA account — misses on both sides.
 * - ~3 % have left (status "left"); part-time departments follow WeLink's second departments,
 *   plus ~5 % of the newcomers.
 * - Login names are pinyin ("zhangwei", "zhangwei2"…), passwords `demo-<loginName>`.
 *
 * A separate PRNG stream (seed mixed with a constant) makes these choices, so the WeLink side
 * stays exactly what `generateOrg` makes for the seed.
 */

const NOT_IN_WELINK = 0.1;
const INACTIVE = 0.03;
const RENAMED = 0.15;
const PROMOTED = 0.1;
const NEWCOMER_PART_TIME = 0.05;
/** Prefixes absent from WeLink's MOBILE_PREFIXES, so a newcomer's mobile never meets a WeLink one. */
const NEWCOMER_PREFIXES = ["166", "173", "175", "178", "198"];
const OA_STREAM = 0x0a5eed;

type Rng = { next(): number; below(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean };

function rng(seed: number): Rng {
  const next = mulberry32((seed ^ OA_STREAM) >>> 0);
  const below = (n: number) => Math.floor(next() * n);
  return { next, below, pick: (xs) => xs[below(xs.length)]!, chance: (p) => next() < p };
}

/** The WeLink organisation for these options and the OA organisation derived from it. */
export function generateDemoOaOrg(options: GenerateOptions): { org: DemoOaOrg; welink: Org } {
  const welink = new Org();
  generateOrg(welink, options);
  return { org: deriveOaOrg(welink, options.seed), welink };
}

/** Derives the OA organisation from a WeLink organisation generated with `seed` (see above). */
export function deriveOaOrg(welink: Org, seed: number): DemoOaOrg {
  const r = rng(seed);
  const depts = deriveDepts(welink, r);
  const idOf = new Map(depts.map((d) => [d.welinkDeptCode, d.id]));
  return { seed, depts, users: deriveUsers(welink, r, idOf, depts) };
}

/** "北京研发部" → "北京研发中心", "前端组2" → "前端小组2": how another system names the same unit. */
const oaName = (name: string) => name.replace(/部(\d*)$/, "中心$1").replace(/(?<!小)组(\d*)$/, "小组$1");

function deriveDepts(welink: Org, r: Rng): OaOrgDept[] {
  const all = [...welink.depts.values()];
  // Ids first: in an Org edited after generation a child may come before its parent.
  const idOf = new Map(all.map((d, i) => [d.deptCode, `d${1001 + i}`]));
  return all.map((d) => {
    const top = d.parentCode === "0";
    return {
      id: idOf.get(d.deptCode)!,
      parentId: top ? null : (idOf.get(d.parentCode) ?? null),
      name: !top && r.chance(RENAMED) ? oaName(d.deptNameCn) : d.deptNameCn,
      sort: d.orderNo,
      welinkDeptCode: d.deptCode,
    };
  });
}

type Ctx = { r: Rng; idOf: Map<string, string>; depts: OaOrgDept[]; logins: Set<string>; mobiles: Set<string>; newcomers: number };

function deriveUsers(welink: Org, r: Rng, idOf: Map<string, string>, depts: OaOrgDept[]): OaPerson[] {
  const ctx: Ctx = { r, idOf, depts, logins: new Set(), mobiles: new Set(), newcomers: 0 };
  return [...welink.users.values()].map((u, i) => {
    const id = `u${100_001 + i}`;
    const person = r.chance(NOT_IN_WELINK) ? newcomer(ctx, id) : counterpart(ctx, id, u);
    if (r.chance(INACTIVE)) person.status = "left";
    return person;
  });
}

/** "zhangwei", then "zhangwei2", "zhangwei3"… */
function uniqueLogin(base: string, taken: Set<string>): string {
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  taken.add(login);
  return login;
}

/** WeLink keeps "+86-13812345678"; OAs hold whatever was typed in. */
function oaMobile(r: Rng, welinkMobile: string): string {
  const bare = welinkMobile.replace(/^\+86-/, "");
  const roll = r.next();
  if (roll < 0.7) return bare;
  if (roll < 0.9) return welinkMobile;
  return `+86 ${bare.slice(0, 3)} ${bare.slice(3, 7)} ${bare.slice(7)}`;
}

const capitalised = (email: string) => email.charAt(0).toUpperCase() + email.slice(1);

function counterpart(ctx: Ctx, id: string, u: User): OaPerson {
  const { r } = ctx;
  const loginName = uniqueLogin(u.userId.replace(/@.*$/, "").replace(/[\d_]+$/, ""), ctx.logins);
  const roll = r.next();
  const keepMobile = roll < 0.85;
  const keepEmail = roll < 0.6 || roll >= 0.85;
  const email = u.userEmail && keepEmail ? (r.chance(0.1) ? capitalised(u.userEmail) : u.userEmail) : null;
  const [main, ...others] = u.deptCodes;
  return {
    id,
    loginName,
    name: u.userNameCn,
    mobile: keepMobile ? oaMobile(r, u.mobileNumber) : null,
    email,
    jobNumber: u.employeeId ?? `T${ctx.newcomers++ + 10_001}`,
    title: r.chance(PROMOTED) || !u.position ? r.pick(POSITIONS) : u.position,
    deptId: (main && ctx.idOf.get(main)) ?? null,
    partTimeDeptIds: others.flatMap((code) => ctx.idOf.get(code) ?? []),
    status: "active",
    password: `demo-${loginName}`,
    welinkUserId: u.userId,
  };
}

function newcomerMobile(ctx: Ctx): string {
  let mobile: string;
  do mobile = `${ctx.r.pick(NEWCOMER_PREFIXES)}${String(ctx.r.below(100_000_000)).padStart(8, "0")}`;
  while (ctx.mobiles.has(mobile));
  ctx.mobiles.add(mobile);
  return mobile;
}

function newcomer(ctx: Ctx, id: string): OaPerson {
  const { r } = ctx;
  const [surCn, surPy] = r.pick(SURNAMES);
  const given = r.chance(0.6) ? [r.pick(GIVEN), r.pick(GIVEN)] : [r.pick(GIVEN)];
  const loginName = uniqueLogin(surPy + given.map((g) => g[1]).join(""), ctx.logins);
  const main = ctx.depts.length ? r.pick(ctx.depts).id : null;
  const second = ctx.depts.length > 1 && r.chance(NEWCOMER_PART_TIME) ? r.pick(ctx.depts).id : null;
  return {
    id,
    loginName,
    name: surCn + given.map((g) => g[0]).join(""),
    mobile: newcomerMobile(ctx),
    email: r.chance(0.5) ? `${loginName}@partner.example.com` : null,
    jobNumber: `T${ctx.newcomers++ + 10_001}`,
    title: r.pick(POSITIONS),
    deptId: main,
    partTimeDeptIds: second && second !== main ? [second] : [],
    status: "active",
    password: `demo-${loginName}`,
    welinkUserId: null,
  };
}
