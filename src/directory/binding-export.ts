import { stringify } from "csv-stringify/sync";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { corpRowOf } from "../corps/index.ts";
import * as store from "./store.ts";

/**
 * The columns of the binding file. The admin fills `oa_value` (the OA person's mobile, e-mail,
 * account or employee number — chosen at import) and uploads the file back.
 */
export const EXPORT_COLUMNS = ["welink_user_id", "name", "mobile", "email", "employee_id", "department", "oa_value"] as const;

/** A corp's WeLink people as CSV (UTF-8, CRLF); the caller adds the BOM for Excel. */
export async function exportBindingSheet(deps: Deps, ctx: Ctx, corpId: string): Promise<{ fileName: string; csv: string }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const people = await store.welinkPeopleForExport(deps.db, corp.id);
  const rows = people.map((p) => [p.userId, p.name, p.mobile ?? "", p.email ?? "", p.employeeId ?? "", p.dept ?? "", ""]);
  return { fileName: `bindings-${corp.name}.csv`, csv: stringify([[...EXPORT_COLUMNS], ...rows], { record_delimiter: "\r\n" }) };
}
