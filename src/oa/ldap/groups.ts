import type { Entry } from "ldapts";
import type { OaDept } from "../contract.ts";
import { canonicalDn } from "./dn.ts";
import { first } from "./map.ts";

/** A group as read: its immutable id, name, canonical DN and its members' canonical DNs. */
export type Group = { id: string; name: string; dn: string; members: string[]; modified?: string };

/** One group entry; undefined without an id (it could not be bound to anything). */
export function groupOf(e: Entry, idAttr: string, nameAttr: string, memberAttr: string, modifiedAttr?: string): Group | undefined {
  const id = first(e, idAttr);
  if (!id) return undefined;
  const raw = Object.entries(e).find(([k]) => k.toLowerCase() === memberAttr.toLowerCase())?.[1] ?? [];
  const members = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
    try {
      return [canonicalDn(Buffer.isBuffer(v) ? v.toString("utf8") : String(v))];
    } catch {
      return [];
    }
  });
  const modified = first(e, modifiedAttr);
  return { id, name: first(e, nameAttr) ?? e.dn, dn: canonicalDn(e.dn), members, ...(modified && { modified }) };
}

/**
 * Groups as departments: a group's parent is the first group (in the directory's order) that
 * lists it as a member. Nesting that loops (A in B, B in A) would leave no root: the link that
 * closes a loop is dropped, so every department still hangs off a root.
 */
export function groupDepartments(groups: Group[]): OaDept[] {
  const idOfDn = new Map(groups.map((g) => [g.dn, g.id]));
  const parentOf = new Map<string, string>();
  for (const g of groups) {
    for (const m of g.members) {
      const child = idOfDn.get(m);
      if (child && child !== g.id && !parentOf.has(child)) parentOf.set(child, g.id);
    }
  }
  for (const g of groups) {
    const seen = new Set([g.id]);
    for (let at = parentOf.get(g.id); at !== undefined && !seen.has(at); at = parentOf.get(at)) {
      // Back at itself: g closes a loop, so its own link goes (a loop further up is cut at its own turn).
      if (parentOf.get(at) === g.id) {
        parentOf.delete(g.id);
        break;
      }
      seen.add(at);
    }
  }
  return groups.map((g, i) => ({ id: g.id, parentId: parentOf.get(g.id) ?? null, name: g.name, order: i }));
}

/** Person's canonical DN → the ids of the groups listing them, in the directory's order. */
export function membership(groups: Group[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of groups) {
    for (const m of g.members) {
      const ids = out.get(m);
      if (!ids) out.set(m, [g.id]);
      else if (!ids.includes(g.id)) ids.push(g.id);
    }
  }
  return out;
}
