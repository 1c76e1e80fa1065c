import { CITIES, GIVEN, MOBILE_PREFIXES, POSITIONS, SURNAMES, TOP_SUFFIX, TOP_UNITS, UNITS } from "./generate-data.ts";
import type { Dept, User } from "./model.ts";
import type { Org } from "./org.ts";

/**
 * Generated organisations: the same seed gives the same departments and people (codes, names,
 * mobiles, times), so tests and demos can name them. Fill a fresh Org: codes come from its counters.
 */

export type GenerateOptions = { seed: number; users: number; depts: number };
export type GenerateSummary = { users: number; depts: number; maxDepth: number; multiDeptUsers: number; ms: number };

/** mulberry32: a tiny, fast PRNG with a 32-bit state, plenty for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = { below(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean };

function rng(seed: number): Rng {
  const next = mulberry32(seed);
  const below = (n: number) => Math.floor(next() * n);
  return { below, pick: (xs) => xs[below(xs.length)]!, chance: (p) => next() < p };
}

/** Where the generated history starts (fixed, so times are part of the deterministic output). */
const EPOCH = Date.UTC(2020, 0, 1);
const THREE_YEARS = 3 * 365 * 86_400_000;
/** Share of people who also belong to a second department. */
const SECOND_DEPT = 0.05;

export function generateOrg(org: Org, options: GenerateOptions): GenerateSummary {
  const start = performance.now();
  const r = rng(options.seed);
  const { depts, depth } = generateDepts(org, r, Math.max(0, options.depts));
  const multiDeptUsers = generateUsers(org, r, depts, Math.max(0, options.users));
  return { users: options.users, depts: depts.length, maxDepth: Math.max(0, ...depth.values()), multiDeptUsers, ms: Math.round(performance.now() - start) };
}

/** Department names, unique among siblings (a number is added on a clash). */
function deptName(r: Rng, level: number, taken: Set<string>): [string, string] {
  const [cn, en] =
    level === 1
      ? ((u, s) => [u[0] + s[0], `${u[1]} ${s[1]}`])(r.pick(TOP_UNITS), r.pick(TOP_SUFFIX))
      : ((c, u) => [c[0] + u[0], `${c[1]} ${u[1]}`])(r.pick(CITIES), r.pick(UNITS));
  let name: [string, string] = [cn, en];
  for (let n = 2; taken.has(name[0]); n++) name = [`${cn}${n}`, `${en} ${n}`];
  taken.add(name[0]);
  return name;
}

/**
 * A tree 5–8 levels deep (the depth is drawn from the seed): a first chain reaches the full depth,
 * a few more first-level units follow, then each further department hangs under a random one
 * that is not yet at the bottom.
 */
function generateDepts(org: Org, r: Rng, count: number): { depts: Dept[]; depth: Map<string, number> } {
  const maxDepth = Math.min(count, 5 + r.below(4));
  const firstLevel = maxDepth + 3 + r.below(8);
  const depts: Dept[] = [];
  const depth = new Map<string, number>();
  const open: string[] = [];
  const names = new Map<string, Set<string>>();
  for (let i = 0; i < count; i++) {
    const parent = i === 0 || (i >= maxDepth && i < firstLevel) ? "0" : i < maxDepth ? depts[i - 1]!.deptCode : r.pick(open);
    const level = parent === "0" ? 1 : depth.get(parent)! + 1;
    let taken = names.get(parent);
    if (!taken) names.set(parent, (taken = new Set()));
    const [deptNameCn, deptNameEn] = deptName(r, level, taken);
    const created = EPOCH + r.below(THREE_YEARS);
    const dept: Dept = {
      deptCode: org.nextDeptCode(),
      corpDeptCode: `D${String(i + 1).padStart(6, "0")}`,
      parentCode: parent,
      deptNameCn,
      deptNameEn,
      orderNo: taken.size,
      managerId: [],
      deptType: level === 1 && r.chance(0.2) ? 2 : 1,
      visibleRange: 1,
      creationTime: created,
      lastUpdatedTime: created + r.below(THREE_YEARS / 3),
    };
    org.putDept(dept);
    depts.push(dept);
    depth.set(dept.deptCode, level);
    if (level < maxDepth) open.push(dept.deptCode);
  }
  return { depts, depth };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Unique by construction: i ↦ (i·73939133 + offset) mod 10⁸ is a bijection (the factor ends in 3,
 * so it is coprime with 10⁸), giving every person different, scattered last eight digits.
 */
const mobileDigits = (i: number, offset: number) => String((i * 73_939_133 + offset) % 100_000_000).padStart(8, "0");
/** Employee ids: the same trick over 900,000 six-digit numbers (654323 shares no factor with 900,000). */
const employeeNo = (i: number, offset: number) => 100_000 + ((i * 654_323 + offset) % 900_000);

type UserContext = { ids: Set<string>; orders: Map<string, number>; depts: Dept[]; mobileOffset: number; employeeOffset: number };

/** A userId local part like `zhangwei123` (pinyin + a number, §0.3), unique in the tenant. */
function uniqueLocal(r: Rng, pinyin: string, ids: Set<string>): string {
  let local = `${pinyin}${r.below(1000)}`;
  for (let n = 2; ids.has(local); n++) local = `${local.replace(/_\d+$/, "")}_${n}`;
  ids.add(local);
  return local;
}

/** One or, for ~5%, two departments, with the person's order in each. */
function placement(r: Rng, ctx: UserContext): Pick<User, "deptCodes" | "orderInDepts"> {
  const { depts, orders } = ctx;
  const deptCodes = depts.length ? [r.pick(depts).deptCode] : ["0"];
  if (depts.length > 1 && r.chance(SECOND_DEPT)) {
    const second = r.pick(depts).deptCode;
    if (second !== deptCodes[0]) deptCodes.push(second);
  }
  const orderInDepts: Record<string, number> = {};
  for (const code of deptCodes) orders.set(code, (orderInDepts[code] = (orders.get(code) ?? 0) + 1));
  return { deptCodes, orderInDepts };
}

function makeUser(r: Rng, i: number, ctx: UserContext): User {
  const [surCn, surPy] = r.pick(SURNAMES);
  const given = r.chance(0.6) ? [r.pick(GIVEN), r.pick(GIVEN)] : [r.pick(GIVEN)];
  const local = uniqueLocal(r, surPy + given.map((g) => g[1]).join(""), ctx.ids);
  const { deptCodes, orderInDepts } = placement(r, ctx);
  const created = EPOCH + r.below(THREE_YEARS);
  return {
    userId: `${local}@welink`,
    corpUserId: `U${String(i + 1).padStart(7, "0")}`,
    mobileNumber: `+86-${r.pick(MOBILE_PREFIXES)}${mobileDigits(i, ctx.mobileOffset)}`,
    userNameCn: surCn + given.map((g) => g[0]).join(""),
    userNameEn: `${cap(given.map((g) => g[1]).join(""))} ${cap(surPy)}`,
    sex: r.chance(0.5) ? "M" : "F",
    userEmail: `${local}@corp.example.com`,
    employeeId: `E${employeeNo(i, ctx.employeeOffset)}`,
    position: r.pick(POSITIONS),
    mainDeptCode: deptCodes[0]!,
    deptCodes,
    orderInDepts,
    userStatus: 3,
    isActivated: r.chance(0.9) ? 1 : 0,
    creationTime: created,
    lastUpdatedTime: created + r.below(THREE_YEARS / 3),
  };
}

/** Adds `count` people; returns how many belong to two departments. */
function generateUsers(org: Org, r: Rng, depts: Dept[], count: number): number {
  const ctx: UserContext = { ids: new Set(), orders: new Map(), depts, mobileOffset: r.below(100_000_000), employeeOffset: r.below(900_000) };
  let multi = 0;
  for (let i = 0; i < count; i++) {
    const user = makeUser(r, i, ctx);
    org.putUser(user);
    if (user.deptCodes.length > 1) multi++;
    // The first person placed in a department manages it.
    const main = org.depts.get(user.mainDeptCode);
    if (main && main.managerId.length === 0) main.managerId.push(user.userId);
  }
  return multi;
}
