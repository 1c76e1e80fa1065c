import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OaConnectionInput } from "../../../src/oa/connection/connection.ts";
import { ERROR_CODES } from "../../../src/kernel/error-catalog.ts";
import { SQL_PRESET_NAMES } from "../../../src/oa/sql/presets.ts";

const root = join(import.meta.dir, "..", "..", "..");

test("the README's sql example is a connection the API accepts, and every code it names is in the catalog", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("## The OA's own database as a source");
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf("\n## ", start + 5));
  const body = /-d '(\{[\s\S]*?\})'/.exec(section)?.[1];
  expect(body).toBeDefined();
  const parsed = OaConnectionInput.safeParse(JSON.parse(body!));
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toMatchObject({ type: "sql", settings: { pageSize: 1000, users: { activeValues: ["1"] } } });
  const codes = [...section.matchAll(/`(OA_[A-Z_]+)`/g)].map((m) => m[1]!);
  expect(codes.length).toBeGreaterThanOrEqual(8);
  for (const code of codes) expect(ERROR_CODES).toContain(code as (typeof ERROR_CODES)[number]);
});

test("the README names every preset the sql form offers", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("## The OA's own database as a source");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 5));
  for (const name of SQL_PRESET_NAMES) expect(section).toContain(`\`${name}\``);
});
