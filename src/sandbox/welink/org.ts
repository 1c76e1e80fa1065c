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
  /** Sorted views, built on first read and dropped when a child or member of that department changes. */
  private readonly sortedChildCache = new Map<string, Dept[]>();
  private readonly sortedMemberCache = new Map<string, User[]>();
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
    return [...this.sortedChildren(deptCode)];
  }

  /**
   * `childrenOf` without the copy, for hot paths (paging through large trees): sorted once per
   * change instead of once per call. Callers must not mutate it.
   */
  sortedChildren(deptCode: string): readonly Dept[] {
    let sorted = this.sortedChildCache.get(deptCode);
    if (sorted) return sorted;
    const codes = this.children.get(deptCode) ?? new Set<string>();
    sorted = [...codes]
      .map((c) => this.depts.get(c)!)
      .map((d) => ({ d, order: d.orderNo, key: d.deptCode }))
      .sort(byOrder)
      .map((x) => x.d);
    this.sortedChildCache.set(deptCode, sorted);
    return sorted;
  }

  /** Every department below `deptCode`, depth first. */
  descendantsOf(deptCode: string): Dept[] {
    const out: Dept[] = [];
    const walk = (code: string) => {
      for (const child of this.sortedChildren(code)) {
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
    return [...this.sortedMembers(deptCode)];
  }

  /** `membersOf` without the copy (see `sortedChildren`). Callers must not mutate it. */
  sortedMembers(deptCode: string): readonly User[] {
    let sorted = this.sortedMemberCache.get(deptCode);
    if (sorted) return sorted;
    const ids = this.members.get(deptCode) ?? new Set<string>();
    sorted = [...ids]
      .map((id) => this.users.get(id)!)
      .map((u) => ({ u, order: u.orderInDepts[deptCode] ?? 10000, key: u.userId }))
      .sort(byOrder)
      .map((x) => x.u);
    this.sortedMemberCache.set(deptCode, sorted);
    return sorted;
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
    this.sortedChildCache.delete(dept.parentCode);
  }

  removeDept(deptCode: string): void {
    const old = this.depts.get(deptCode);
    if (!old) return;
    this.unindexDept(old);
    this.depts.delete(deptCode);
    this.children.delete(deptCode);
    this.members.delete(deptCode);
    this.sortedChildCache.delete(deptCode);
    this.sortedMemberCache.delete(deptCode);
  }

  putUser(user: User): void {
    const old = this.users.get(user.userId);
    if (old) this.unindexUser(old);
    this.users.set(user.userId, user);
    if (user.corpUserId) this.userByCorp.set(user.corpUserId, user.userId);
    this.userByMobile.set(user.mobileNumber, user.userId);
    for (const code of user.deptCodes) {
      setOf(this.members, code).add(user.userId);
      this.sortedMemberCache.delete(code);
    }
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
    this.sortedChildCache.delete(d.parentCode);
  }

  private unindexUser(u: User) {
    if (u.corpUserId && this.userByCorp.get(u.corpUserId) === u.userId) this.userByCorp.delete(u.corpUserId);
    if (this.userByMobile.get(u.mobileNumber) === u.userId) this.userByMobile.delete(u.mobileNumber);
    for (const code of u.deptCodes) {
      this.members.get(code)?.delete(u.userId);
      this.sortedMemberCache.delete(code);
    }
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
