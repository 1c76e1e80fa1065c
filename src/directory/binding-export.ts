import { stringify } from "csv-stringify/sync";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { SAFE_CSV } from "../kernel/csv.ts";
import { corpRowOf } from "../corps/index.ts";
import * as store from "./store.ts";

/**
 * The columns of the binding file: the WeLink person, the current binding (OA id, account, name)
 * and `oa_value`. The admin fills `oa_value` (the OA person's mobile, e-mail, account or employee
 * number — chosen at import) or `oa_user_id`, and uploads the file back.
 */
export const EXPORT_COLUMNS = ["welink_user_id", "name", "mobile", "email", "employee_id", "department", "oa_user_id", "oa_account", "oa_name", "oa_value"] as const;

/**
 * A corp's WeLink people as CSV (UTF-8, CRLF, cells safe for spreadsheets) with their current
 * bindings; `template` leaves the binding columns empty. The caller adds the BOM for Excel.
 */
export async function exportBindingSheet(deps: Deps, ctx: Ctx, corpId: string, o: { template?: boolean } = {}): Promise<{ fileName: string; csv: string }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const people = await store.welinkPeopleForExport(deps.db, corp.id);
  const rows = people.map((p) => {
    const bound = o.template ? [null, null, null] : [p.oaUserId, p.oaAccount, p.oaName];
    return [p.userId, p.name, p.mobile, p.email, p.employeeId, p.dept, ...bound, ""].map((x) => x ?? "");
  });
  const kind = o.template ? "template" : "bindings";
  return { fileName: `${kind}-${corp.name}.csv`, csv: stringify([[...EXPORT_COLUMNS], ...rows], SAFE_CSV) };
}
