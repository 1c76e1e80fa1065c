import type { BindingRule } from "../../directory/index.ts";
import type { Said } from "../../kernel/said.ts";
import type { OaDept, OaUser } from "../../oa/index.ts";
import type { DeptRecord, UserRecord } from "../from-welink/diff.ts";
import type { Why } from "./reasons.ts";

/*
 * OA → WeLink push ("from OA", read-write corps only): the types the planner, the runner and the
 * pages share. The plan is pure data computed from both directories; the runner stores it as
 * push_items rows (one per object, in `seq` order) and applies it.
 */

/** WeLink person fields the bridge writes, and the OA fields they can be filled from. */
export const WELINK_USER_FIELDS = ["nameCn", "nameEn", "mobileNumber", "email", "employeeId", "position"] as const;
export type WelinkUserField = (typeof WELINK_USER_FIELDS)[number];
export const OA_USER_FIELDS = ["name", "account", "mobile", "email", "employeeNo", "position"] as const;
export type OaUserField = (typeof OA_USER_FIELDS)[number];
export type FieldMapping = Partial<Record<WelinkUserField, OaUserField>>;
export const DEFAULT_FIELD_MAPPING: FieldMapping = { nameCn: "name", mobileNumber: "mobile", email: "email", employeeId: "employeeNo", position: "position" };

export type PushConfig = {
  /** WeLink deptCode the OA's organisation is mounted under; null = OA top level ⇄ WeLink top level. */
  topDeptCode: string | null;
  addNewPeople: boolean;
  fieldMapping: FieldMapping;
  includePartTime: boolean;
  /** OA ids. depts: subtrees (empty = everything); include: people (empty = everyone in the depts); exclude wins. */
  scope: { depts: string[]; include: string[]; exclude: string[] };
  removalMode: "close" | "delete";
  /** Stop when the OA has more than this many fewer people in scope than at the last good run; null = off. */
  decreaseThreshold: number | null;
  /** Deletion circuit breaker: stop when removals exceed min(max, pct % of bound). */
  breaker: { usersMax: number; usersPct: number; deptsMax: number; deptsPct: number };
};

/** Everything the planner reads; removed WeLink objects (removedAt set) are left out by the caller. */
export type PlanInput = {
  config: PushConfig;
  rule: BindingRule;
  oa: { depts: OaDept[]; users: OaUser[] };
  welink: { depts: DeptRecord[]; users: UserRecord[] };
  deptBindings: { deptCode: string; oaDeptId: string }[];
  userBindings: { welinkUserId: string; oaUserId: string }[];
};

/** A department as a write names it: a WeLink code known at plan time, or an OA department created earlier in the same run. */
export type DeptRef = { deptCode: string } | { oaDeptId: string };

/**
 * `corpCode`: the enterprise key (corpDeptCode / corpUserId) of an object an admin creates from
 * the bridge (src/sync/org-edit/): it has no OA id, and a key lets a resumed create find itself.
 */
export type DeptDesired = { nameCn: string; orderNo: number; parent: DeptRef; corpCode?: string };
export type UserDesired = {
  nameCn: string;
  nameEn?: string;
  mobileNumber?: string;
  email?: string;
  employeeId?: string;
  position?: string;
  corpCode?: string;
  /** Main department first; part-time departments follow when the corp includes them. */
  depts: DeptRef[];
};

/**
 * WeLink → OA write-back (src/sync/to-oa/) stores its plan in the same journal: a department as
 * the OA should hold it, its parent an OA id known at plan time or a WeLink department created
 * earlier in the same run (`{deptCode}`); null = the OA's top level.
 */
export type OaDeptDesired = { name: string; order: number; parent: DeptRef | null };
export type OaUserDesired = { account: string; name: string; mobile?: string; email?: string; employeeNo?: string; position?: string; mainDept: DeptRef | null };

export type PlanAction = "match" | "create" | "update" | "move" | "remove" | "skip";

export type PlanItem = {
  object: "dept" | "user";
  action: PlanAction;
  /** The OA id (written as corpDeptCode / corpUserId); null for a bound WeLink object whose OA side is gone. */
  oaId: string | null;
  /** WeLink deptCode / userId when known (matched or bound); null for creates. */
  welinkId: string | null;
  name: string;
  /** The OA parent department (dept) or main department (user), for the plan's tree. */
  parentOaId: string | null;
  depth: number;
  /** What to write: create / update / move, and match when the fields differ. */
  desired: DeptDesired | UserDesired | OaDeptDesired | OaUserDesired | null;
  /** {field: [before, after]} for update, move and match. */
  changes: Record<string, [unknown, unknown]> | null;
  /** Why, in English (the API's `reason`); `why` is the same as a code the admin renders in its language. */
  reason: string;
  why: Why;
  /** Set when a value could not be put in WeLink's form: the item is never applied (state `invalid`). */
  invalid?: boolean;
};

export type PlanCounts = Record<`${"dept" | "user"}.${PlanAction}`, number>;

/** Items in application order: departments parents first, then people, then people removals, then department removals deepest first. */
export type Plan = { items: PlanItem[]; counts: PlanCounts; oaPeopleInScope: number; boundPeople: number; boundDepts: number };

/** The runner's guard inputs beyond the plan. */
export type GuardInput = { plan: Plan; config: PushConfig; healthProblem: Said | null; lastGoodOaPeople: number | null };
/** `hold`: nothing is written and an admin may approve; `removalsOnly`: removals are held, the rest applies (not approvable). */
/** `reason` is stored on the run as a Said (kernel/said.ts) and read in the reader's language. */
export type GuardVerdict = { kind: "go" } | { kind: "hold"; reason: Said } | { kind: "removalsOnly"; reason: Said };
