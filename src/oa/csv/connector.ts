import type { Conn } from "../../kernel/db/client.ts";
import type { OaConnector } from "../contract.ts";
import { oaErrors } from "../connection/errors.ts";
import { reportOf } from "../connection/report.ts";
import { directoryCounts } from "../store.ts";

/**
 * A CSV "OA" is the directory itself: uploads write it (src/oa/csv/), so there is nothing to
 * fetch, and no password to check (people are bound by an admin or by rule).
 */
export function createCsvConnector(db: Conn, tenantId: string): OaConnector {
  const nothingToFetch = () => {
    throw oaErrors.notSupported({ variant: "csvRefresh" });
  };
  return {
    async testConnection() {
      const started = performance.now();
      const counts = await directoryCounts(db, tenantId);
      return reportOf("OA_TEST_CSV", { departments: counts.departments, people: counts.users }, started);
    },
    listDepartments: async function* () {
      nothingToFetch();
    },
    listUsers: async function* () {
      nothingToFetch();
    },
    async verifyPassword() {
      throw oaErrors.notSupported({ variant: "csvPassword" });
    },
  };
}
