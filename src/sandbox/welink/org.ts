import type { Dept, User } from "./model.ts";

const byOrder = <T extends { order: number; key: string }>(a: T, b: T) => a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A WeLink tenant's organisation with the indexes the API needs (corp keys, mobiles, children,
 * members). Mutations here keep the indexes right; the rules WeLink enforces (unique mobile,
 * no cycles, non-empty departments…) are checked by the callers, which answer with WeLink's codes.
 */
export class Org {
  readonly depts = new Map<string, Dept>();
  readonly users = new Map<string, User>();
  private readonly deptByCorp = new Map<string, string>();
  private readonly userByCorp = new Map<string, string>();
  private readonly userByMobile = new Map<string, string>();
  private readonly children = new Map<string, Set<string>>();
  private readonly members = new Map<string, Set<string>>();
  private seq = 0;

  nextDeptCode(): string {
    let code: string;
    do code = String(10001 + this.seq++);
    while (this.depts.has(code));
    return code;
  }

  nextUserId(hint: string): string {
    let id = `${hint}@welink`;
    for (let i = 2; this.users.has(id); i++) id = `${hint}${i}@welink`;
    return id;
  }

  deptByCorpCode(corpDeptCode: string): Dept | undefined {
    const code = this.deptByCorp.get(corpDeptCode);
    return code === undefined ? undefined : this.depts.get(code);
  }

  userByCorpId(corpUserId: string): User | undefined {
    const id = this.userByCorp.get(corpUserId);
    return id === undefined ? undefined : this.users.get(id);
  }

  userByMobileNumber(mobile: string): User | undefined {
    const id = this.userByMobile.get(mobile);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Direct children, in WeLink's order (orderNo, then code). */
  childrenOf(deptCode: string): Dept[] {
    const codes = this.children.get(deptCode) ?? new Set<string>();
    return [...codes]
      .map((c) => this.depts.get(c)!)
      .map((d) => ({ d, order: d.orderNo, key: d.deptCode }))
      .sort(byOrder)
      .map((x) => x.d);
  }

  /** Every department below `deptCode`, depth first. */
  descendantsOf(deptCode: string): Dept[] {
    const out: Dept[] = [];
    const walk = (code: string) => {
      for (const child of this.childrenOf(code)) {
        out.push(child);
        walk(child.deptCode);
      }
    };
    walk(deptCode);
    return out;
  }

  /** True when `deptCode` is `ancestor` or lies below it. */
  isWithin(deptCode: string, ancestor: string): boolean {
    for (let code: string | undefined = deptCode, guard = 0; code !== undefined && guard < 1000; guard++) {
      if (code === ancestor) return true;
      if (code === "0") return false;
      code = this.depts.get(code)?.parentCode;
    }
    return false;
  }

  /** 1 for a first-level department. */
  depthOf(deptCode: string): number {
    let depth = 0;
    for (let code = deptCode; code !== "0" && depth < 1000; depth++) code = this.depts.get(code)?.parentCode ?? "0";
    return depth;
  }

  /** Members of a department (not of its children), in their order there. */
  membersOf(deptCode: string): User[] {
    const ids = this.members.get(deptCode) ?? new Set<string>();
    return [...ids]
      .map((id) => this.users.get(id)!)
      .map((u) => ({ u, order: u.orderInDepts[deptCode] ?? 10000, key: u.userId }))
      .sort(byOrder)
      .map((x) => x.u);
  }

  memberCount(deptCode: string): number {
    return this.members.get(deptCode)?.size ?? 0;
  }

  childCount(deptCode: string): number {
    return this.children.get(deptCode)?.size ?? 0;
  }

  putDept(dept: Dept): void {
    const old = this.depts.get(dept.deptCode);
    if (old) this.unindexDept(old);
    this.depts.set(dept.deptCode, dept);
    if (dept.corpDeptCode) this.deptByCorp.set(dept.corpDeptCode, dept.deptCode);
    setOf(this.children, dept.parentCode).add(dept.deptCode);
  }

  removeDept(deptCode: string): void {
    const old = this.depts.get(deptCode);
    if (!old) return;
    this.unindexDept(old);
    this.depts.delete(deptCode);
    this.children.delete(deptCode);
    this.members.delete(deptCode);
  }

  putUser(user: User): void {
    const old = this.users.get(user.userId);
    if (old) this.unindexUser(old);
    this.users.set(user.userId, user);
    if (user.corpUserId) this.userByCorp.set(user.corpUserId, user.userId);
    this.userByMobile.set(user.mobileNumber, user.userId);
    for (const code of user.deptCodes) setOf(this.members, code).add(user.userId);
  }

  removeUser(userId: string): void {
    const old = this.users.get(userId);
    if (!old) return;
    this.unindexUser(old);
    this.users.delete(userId);
  }

  private unindexDept(d: Dept) {
    if (d.corpDeptCode && this.deptByCorp.get(d.corpDeptCode) === d.deptCode) this.deptByCorp.delete(d.corpDeptCode);
    this.children.get(d.parentCode)?.delete(d.deptCode);
  }

  private unindexUser(u: User) {
    if (u.corpUserId && this.userByCorp.get(u.corpUserId) === u.userId) this.userByCorp.delete(u.corpUserId);
    if (this.userByMobile.get(u.mobileNumber) === u.userId) this.userByMobile.delete(u.mobileNumber);
    for (const code of u.deptCodes) this.members.get(code)?.delete(u.userId);
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
