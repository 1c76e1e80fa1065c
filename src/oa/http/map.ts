import type { z } from "zod";
import type { OaDept, OaUser } from "../contract.ts";
import { oaErrors } from "../connection/errors.ts";
import { type DeptFields, readPath, type UserFields } from "./settings.ts";

/** Where an item sits, for errors: the call's path and the item in words ("item 3 (counting from 0) on page 2"). */
export type ItemPlace = { apiPath: string; at: string };

export const DEFAULT_INACTIVE_VALUES = ["0", "false", "no", "inactive", "disabled", "left"];

export function mapDept(item: unknown, f: z.infer<typeof DeptFields>, place: ItemPlace): OaDept {
  const r = fieldReader(item, place);
  return {
    id: r.required(f.id, "id"),
    // Only null, a missing key or "" mean top level: "0" may be a real department's id.
    parentId: r.text(f.parentId, "parentId") ?? null,
    name: r.required(f.name, "name"),
    order: r.number(f.order, "order"),
    ...(f.kind !== undefined && isBranch(readPath(item, f.kind)) ? { kind: "branch" as const } : {}),
  };
}

/** Anything else (absent, null, "dept", false) is a department: only a clear mark makes a branch. */
const isBranch = (v: unknown) => v === true || ((typeof v === "string" || typeof v === "number") && ["branch", "subcompany", "true", "1"].includes(String(v).toLowerCase()));

export function mapUser(item: unknown, f: z.infer<typeof UserFields>, place: ItemPlace): OaUser {
  const r = fieldReader(item, place);
  const user: OaUser = {
    id: r.required(f.id, "id"),
    account: r.required(f.account, "account"),
    name: r.required(f.name, "name"),
    partTimeDeptIds: r.list(f.partTimeDeptIds, "partTimeDeptIds"),
    active: r.active(f.active, f.inactiveValues ?? DEFAULT_INACTIVE_VALUES),
  };
  for (const key of ["mobile", "email", "employeeNo", "position", "mainDeptId"] as const) {
    const value = r.text(f[key], key);
    if (value !== undefined) user[key] = value;
  }
  return user;
}

/** A value's kind in words ("a list", "an object", "null"), for errors that must not quote the value. */
export function kindOf(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  return typeof v === "object" || typeof v === "undefined" ? `an ${typeof v}` : `a ${typeof v}`;
}

/** Reads fields out of one item; every problem names the item, the field and its path, never the value. */
function fieldReader(item: unknown, { apiPath, at }: ItemPlace) {
  if (item === null || typeof item !== "object") throw oaErrors.badResponse(apiPath, `${at} is ${kindOf(item)}, not an object`);
  const wrong = (label: string, path: string, v: unknown, expected: string) =>
    oaErrors.badResponse(apiPath, `${at} has ${label} at "${path}" as ${kindOf(v)}, not ${expected}`);

  /** Text or a number as text; undefined when the path is not set or the value is null, missing or "". */
  const text = (path: string | undefined, label: string): string | undefined => {
    if (path === undefined) return undefined;
    const v = readPath(item, path);
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    throw wrong(label, path, v, "text or a number");
  };

  return {
    text,
    required(path: string, label: string): string {
      const v = text(path, label);
      if (v === undefined) throw oaErrors.badResponse(apiPath, `${at} has no ${label} at "${path}"`);
      return v;
    },
    number(path: string | undefined, label: string): number {
      if (path === undefined) return 0;
      const v = readPath(item, path);
      if (v === undefined || v === null || v === "") return 0;
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw wrong(label, path, v, "a number");
      return n;
    },
    /** A list of ids, or one comma-separated string of them. */
    list(path: string | undefined, label: string): string[] {
      if (path === undefined) return [];
      const v = readPath(item, path);
      if (v === undefined || v === null) return [];
      let parts: unknown[];
      if (Array.isArray(v)) parts = v;
      else if (typeof v === "string") parts = v.split(",").map((s) => s.trim());
      else if (typeof v === "number") parts = [v];
      else throw wrong(label, path, v, "a list or a comma-separated text");
      const ids: string[] = [];
      for (const p of parts) {
        if (p === null || p === undefined || p === "") continue;
        if (typeof p !== "string" && !(typeof p === "number" && Number.isFinite(p))) throw wrong(label, path, v, "a list of ids");
        if (!ids.includes(String(p))) ids.push(String(p));
      }
      return ids;
    },
    /**
     * No path, or no value: active. Otherwise inactive when the value, as lowercase text, is listed;
     * booleans too, so the default list reads `false` as inactive and ["true"] fits a `disabled` flag.
     */
    active(path: string | undefined, inactiveValues: readonly string[]): boolean {
      if (path === undefined) return true;
      const v = readPath(item, path);
      if (v === undefined || v === null) return true;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw wrong("active", path, v, "a boolean, text or a number");
      const lowered = inactiveValues.map((s) => s.trim().toLowerCase());
      return !lowered.includes(String(v).trim().toLowerCase());
    },
  };
}
