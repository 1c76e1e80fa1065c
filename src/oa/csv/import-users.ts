import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { OaUser } from "../contract.ts";
import { upsertDepartments, upsertUsers } from "../store.ts";
import { checkActive, type Checked, checkEmail, checkMobile, splitPaths } from "./checks.ts";
import { type ColumnMap, mapColumns, USER_COLUMNS, valueOf } from "./columns.ts";
import { DeptBook, parsePath } from "./paths.ts";
import { reason, type RowReason } from "./reasons.ts";
import { type CsvImportSummary, type CsvUpload, type RowSink, runCsvImport } from "./run.ts";

type UserField = keyof typeof USER_COLUMNS;
/** A person as read from a good row, departments still as paths (levels). */
type UserDraft = Omit<OaUser, "mainDeptId" | "partTimeDeptIds"> & { main: string[]; partTime: string[][] };

const take = <T>(checked: Checked<T>, reasons: RowReason[]): T | undefined => {
  if ("reason" in checked) {
    reasons.push(checked.reason);
    return undefined;
  }
  return checked.value;
};

/** Checks one row on its own (pure); duplicates across rows are the sink's business. */
export function checkUserRow(cols: ColumnMap<UserField>, fields: string[]): { user: UserDraft } | { reasons: RowReason[] } {
  const v = (f: UserField) => valueOf(cols, fields, f);
  const reasons: RowReason[] = [];
  const [id, account, name] = [v("id"), v("account"), v("name")];
  if (!id) reasons.push(reason("row.idEmpty"));
  if (!account) reasons.push(reason("row.accountEmpty"));
  if (!name) reasons.push(reason("row.nameEmpty"));
  const mobile = take(checkMobile(v("mobile")), reasons);
  const email = take(checkEmail(v("email")), reasons);
  const active = take(checkActive(v("active")), reasons);
  const main = parsePath(v("department"));
  const partTime = splitPaths(v("partTime")).map(parsePath);
  if ("reason" in main) reasons.push(main.reason);
  for (const p of partTime) if ("reason" in p) reasons.push(reason("row.partTime", undefined, p.reason));
  if (reasons.length || !("levels" in main)) return { reasons };
  const user: UserDraft = {
    id,
    account,
    name,
    mobile,
    email,
    employeeNo: v("employeeNo") || undefined,
    position: v("position") || undefined,
    active: active ?? true,
    main: main.levels,
    partTime: partTime.flatMap((p) => ("levels" in p ? [p.levels] : [])),
  };
  return { user };
}

/**
 * A people file. Departments it names that are not in the directory yet are created (with every
 * missing level above them). Only a map of ids and accounts seen so far grows with the file.
 */
export function userSink(header: string[], existingDeptIds: string[]): RowSink {
  const cols = mapColumns(USER_COLUMNS, header);
  const book = new DeptBook(existingDeptIds);
  const idLines = new Map<string, number>();
  const accountLines = new Map<string, number>();
  let staged: OaUser[] = [];
  return {
    row(fields, line) {
      const checked = checkUserRow(cols, fields);
      const reasons = "reasons" in checked ? checked.reasons : [];
      const draft = "user" in checked ? checked.user : undefined;
      const idFirst = draft && idLines.get(draft.id);
      const accountFirst = draft && accountLines.get(draft.account);
      if (idFirst) reasons.push(reason("row.duplicateId", { line: idFirst }));
      if (accountFirst) reasons.push(reason("row.duplicateAccount", { line: accountFirst }));
      if (reasons.length || !draft) return reasons;

      idLines.set(draft.id, line);
      accountLines.set(draft.account, line);
      const { main, partTime, ...person } = draft;
      const mainDeptId = book.ensure(main);
      const partTimeDeptIds = [...new Set(partTime.map((levels) => book.ensure(levels)))].filter((d) => d !== mainDeptId);
      staged.push({ ...person, mainDeptId, partTimeDeptIds });
      return [];
    },
    pending: () => staged.length + book.pending,
    async flush(tx, tenantId) {
      // Departments first: people point at them.
      const users = staged;
      staged = [];
      await upsertDepartments(tx, tenantId, book.take());
      await upsertUsers(tx, tenantId, users);
    },
    createdDepts: () => book.created,
  };
}

/** Imports a people file into the tenant's OA directory; failed rows go to the result file. */
export function importUsersCsv(deps: Deps, ctx: Ctx, upload: CsvUpload): Promise<CsvImportSummary> {
  return runCsvImport(deps, ctx, "users", upload, userSink);
}
