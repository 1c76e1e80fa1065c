import { z } from "@hono/zod-openapi";

/*
 * One change an admin makes to a read-write corp's WeLink organisation from the bridge. Names
 * follow WeLink's limits as the sandbox reads them (≤ 128 characters, welink-openapi.md §4.E,
 * inferred); a department is named by its WeLink deptCode ("0" is the top).
 */

const Name = z.string().trim().min(1).max(128);
const Code = z.string().trim().min(1).max(128);
// WeLink's example form is "+86-15811847236"; the sandbox and WeLink judge the number itself.
const Mobile = z.string().trim().min(3).max(32).regex(/^\+?[0-9][0-9-]*$/, "digits, an optional leading + and dashes");

export const OrgEdit = z
  .discriminatedUnion("op", [
    z.object({ op: z.literal("createDept"), name: Name, parentCode: Code.default("0") }),
    z.object({ op: z.literal("updateDept"), deptCode: Code, name: Name.optional(), parentCode: Code.optional() }),
    z.object({ op: z.literal("deleteDept"), deptCode: Code }),
    z.object({ op: z.literal("createUser"), name: Name, mobile: Mobile, email: z.string().trim().email().max(128).optional(), deptCode: Code }),
    z.object({ op: z.literal("updateUser"), userId: Code, name: Name.optional(), deptCode: Code.optional() }),
    z.object({ op: z.literal("removeUser"), userId: Code, mode: z.enum(["close", "delete"]).openapi({ description: "close: disable the account (WeLink can reopen it); delete: delete it" }) }),
  ])
  .openapi("OrgEdit");
export type OrgEdit = z.infer<typeof OrgEdit>;

export const OP_NAMES = ["createDept", "updateDept", "deleteDept", "createUser", "updateUser", "removeUser"] as const;
export type OrgEditOp = OrgEdit["op"];

/** Removals cannot be undone: they run only once the admin has seen the plan and confirmed it. */
export const isRemoval = (e: OrgEdit) => e.op === "deleteDept" || e.op === "removeUser";
