import type { NetPolicy } from "../../kernel/net-policy.ts";
import type { ConnectionReport, OaConnector, OaDept, OaUser } from "../contract.ts";
import { oaErrors } from "../connection/errors.ts";
import { reportOf } from "../connection/report.ts";
import { createOaHttp } from "./fetch.ts";
import { mapDept, mapUser } from "./map.ts";
import { createHttpWriter } from "./writer.ts";
import { DEFAULT_PAGING_LIMITS, type PagingLimits, type RawPage, rawPages } from "./paging.ts";
import { type HttpOaSecrets, type HttpOaSettings, readPath } from "./settings.ts";

export type HttpConnectorOptions = {
  /** The global allow-list of addresses (config.outbound). */
  net: NetPolicy;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Runaway-list guards; the defaults (1,000,000 items, 100,000 pages) suit every real OA. */
  limits?: PagingLimits;
};

/** Statuses of the password check that mean "not this person" rather than a failure. */
const NOT_THIS_PERSON = [401, 403, 404];

/** The generic REST/JSON adapter: every call, page and field comes from the settings. */
export function createHttpConnector(settings: HttpOaSettings, secrets: HttpOaSecrets, options: HttpConnectorOptions): OaConnector {
  const http = createOaHttp(settings, secrets, options.net, options.fetch);
  const limits = options.limits ?? DEFAULT_PAGING_LIMITS;
  const { departments, users } = settings;
  const at = (p: RawPage, i: number) => `item ${i} (counting from 0) on page ${p.page}`;

  async function* listDepartments(): AsyncIterable<OaDept[]> {
    for await (const p of rawPages(http, departments, settings.paging, limits)) {
      yield p.items.map((item, i) => mapDept(item, departments.fields, { apiPath: departments.path, at: at(p, i) }));
    }
  }

  async function* listUsers(): AsyncIterable<OaUser[]> {
    for await (const p of rawPages(http, users, settings.paging, limits)) {
      yield p.items.map((item, i) => mapUser(item, users.fields, { apiPath: users.path, at: at(p, i) }));
    }
  }

  return {
    async testConnection(): Promise<ConnectionReport> {
      const started = performance.now();
      const depts = await firstPage(listDepartments());
      const people = await firstPage(listUsers());
      const auth = settings.auth;
      const authName = auth.type === "basic" ? auth.username : auth.type === "header" ? auth.name : undefined;
      return reportOf(
        "OA_TEST_HTTP",
        {
          auth: auth.type,
          ...(authName !== undefined && { authName }),
          departments: depts.length,
          people: people.length,
          ...(depts[0] && { departmentExample: depts[0].name }),
          ...(people[0] && { personExample: people[0].account }),
          ...(settings.passwordCheck && { passwordCheck: settings.passwordCheck.path }),
        },
        started,
      );
    },
    listDepartments,
    listUsers,
    ...(settings.writes && { writer: createHttpWriter(http, settings.writes) }),
    async verifyPassword(account: string, password: string): Promise<OaUser | undefined> {
      const check = settings.passwordCheck;
      if (!check) {
        throw oaErrors.notSupported();
      }
      // An empty password must never reach an OA: some (LDAP behind them) take it as an anonymous sign-in.
      if (account === "" || password === "") return undefined;
      const answer = await http.postJson(check.path, { [check.accountField]: account, [check.passwordField]: password }, NOT_THIS_PERSON, [password]);
      if (NOT_THIS_PERSON.includes(answer.status)) return undefined;
      const person = readPath(answer.body, check.userPath);
      if (person === undefined || person === null || typeof person !== "object") return undefined;
      return mapUser(person, users.fields, { apiPath: check.path, at: `the person at "${check.userPath}"` });
    },
  };
}

/** The first page of a list (or none), leaving the rest unread. */
async function firstPage<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  for await (const page of pages) return page;
  return [];
}
