import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { errors } from "../kernel/errors.ts";
import type { Said } from "../kernel/said.ts";
import { corpRowOf } from "../corps/index.ts";
import { type BindingEvent, bindingHistory, type PersonChange, personChanges } from "./person-history.ts";
import * as store from "./browse-store.ts";

export { PEOPLE_FILTERS, type PeopleFilter } from "./browse-store.ts";
export type { BindingEvent, PersonChange } from "./person-history.ts";

/** WeLink's top-level departments hang under parent code "0". */
export const ROOT_DEPT = "0";

export type WelinkDept = {
  deptCode: string;
  parentCode: string;
  nameCn: string;
  nameEn: string | null;
  orderNo: number;
  removed: boolean;
  childCount: number;
  userCount: number;
};

export type WelinkPerson = {
  userId: string;
  corpUserId: string | null;
  nameCn: string;
  nameEn: string | null;
  mobile: string | null;
  email: string | null;
  employeeId: string | null;
  position: string | null;
  mainDeptCode: string | null;
  deptCodes: string[];
  status: number;
  removedAt: string | null;
  updatedAt: string;
  binding: { oaUserId: string; method: string; oaAccount: string | null; oaName: string | null } | null;
  inReview: boolean;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function parseCodes(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function personView(r: store.PersonRow): WelinkPerson {
  const u = r.user;
  return {
    userId: u.userId,
    corpUserId: u.corpUserId,
    nameCn: u.nameCn,
    nameEn: u.nameEn,
    mobile: u.mobile,
    email: u.email,
    employeeId: u.employeeId,
    position: u.position,
    mainDeptCode: u.mainDeptCode,
    deptCodes: parseCodes(u.deptCodes),
    status: u.status,
    removedAt: iso(u.removedAt),
    updatedAt: new Date(u.updatedAt).toISOString(),
    binding: r.oaUserId ? { oaUserId: r.oaUserId, method: r.bindingMethod ?? "admin", oaAccount: r.oaAccount, oaName: r.oaName } : null,
    inReview: Boolean(r.inReview),
  };
}

/** One level of the corp's WeLink department tree ("0" is the top), each with its counts. */
export async function listDeptChildren(deps: Deps, ctx: Ctx, corpId: string, parentCode = ROOT_DEPT): Promise<{ parent: WelinkDept | null; items: WelinkDept[] }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const rows = await store.deptChildRows(deps.db, corp.id, parentCode);
  const parentRow = parentCode === ROOT_DEPT ? undefined : await store.findDeptRow(deps.db, corp.id, parentCode);
  const view = (d: store.DeptRow, childCount = 0, userCount = 0): WelinkDept => ({
    deptCode: d.deptCode,
    parentCode: d.parentCode,
    nameCn: d.nameCn,
    nameEn: d.nameEn,
    orderNo: d.orderNo,
    removed: d.removedAt !== null,
    childCount: Number(childCount),
    userCount: Number(userCount),
  });
  return { parent: parentRow ? view(parentRow) : null, items: rows.map((r) => view(r.dept, r.childCount, r.userCount)) };
}

export type PeopleInput = { q?: string | undefined; filter?: store.PeopleFilter | undefined; deptCode?: string | undefined; offset?: number | undefined; limit?: number | undefined };

export async function listWelinkPeople(deps: Deps, ctx: Ctx, corpId: string, input: PeopleInput): Promise<{ items: WelinkPerson[]; total: number }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const query = {
    q: input.q?.trim() || undefined,
    filter: input.filter ?? "all",
    deptCode: input.deptCode || undefined,
    offset: Math.max(0, input.offset ?? 0),
    limit: Math.min(Math.max(input.limit ?? 50, 1), 500),
  };
  const { rows, total } = await store.peopleRows(deps.db, corp.id, query);
  return { items: rows.map(personView), total };
}

export type OaCandidate = { id: string; account: string; name: string; mobile: string | null; email: string | null; employeeNo: string | null; active: boolean };

export type PersonCard = {
  person: WelinkPerson;
  oaPerson: OaCandidate | null;
  review: { id: string; field: string; createdAt: string; candidates: OaCandidate[] } | null;
  changes: PersonChange[];
  bindingHistory: BindingEvent[];
  /** The changes' stored reasons by change id, for the admin to say in its language (not in the API). */
  reasons: Map<string, Said>;
};

const candidateView = (u: OaCandidate): OaCandidate => ({ id: u.id, account: u.account, name: u.name, mobile: u.mobile, email: u.email, employeeNo: u.employeeNo, active: u.active });

async function reviewOf(deps: Deps, tenantId: string, corpId: string, userId: string): Promise<PersonCard["review"]> {
  const review = await store.openReviewRow(deps.db, corpId, userId);
  if (!review) return null;
  const ids = parseCodes(review.candidates);
  const people = await store.oaPeopleByIds(deps.db, tenantId, ids);
  return { id: review.id, field: review.field, createdAt: new Date(review.createdAt).toISOString(), candidates: people.map(candidateView) };
}

/** A person's card: WeLink fields, the bound OA person, an open review, and their history. */
export async function getPersonCard(deps: Deps, ctx: Ctx, corpId: string, userId: string): Promise<PersonCard> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const row = await store.personRow(deps.db, corp.id, userId);
  if (!row) throw errors.notFound("welinkPerson", userId);
  const person = personView(row);
  const [oa, review, { changes, reasons }, history] = await Promise.all([
    person.binding ? store.oaPeopleByIds(deps.db, corp.tenantId, [person.binding.oaUserId]) : Promise.resolve([]),
    reviewOf(deps, corp.tenantId, corp.id, userId),
    personChanges(deps, corp.id, userId),
    bindingHistory(deps, corp.tenantId, corp.id, userId),
  ]);
  return { person, oaPerson: oa[0] ? candidateView(oa[0]) : null, review, changes, bindingHistory: history, reasons };
}
