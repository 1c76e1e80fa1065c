/** @jsxImportSource hono/jsx */
import { describe, expect, test } from "bun:test";
import { Change, valueText } from "../../src/audit/change-view.tsx";
import { MASK } from "../../src/audit/record.ts";
import type { View } from "../../src/ui/index.ts";

const zh: View = { lang: "zh-CN", tz: "Asia/Shanghai", csrf: "", path: "/admin/audit", session: undefined };
const en: View = { ...zh, lang: "en" };
const html = (node: unknown) => String(node);

describe("an audit entry's details", () => {
  test("values read as words: yes/no, local times, lists, masked secrets, nothing", () => {
    expect(valueText(zh, "enabled", true)).toBe("是");
    expect(valueText(en, "enabled", false)).toBe("No");
    expect(valueText(zh, "expiresAt", "2026-12-04T17:30:00.000Z")).toBe("2026-12-05 01:30:00");
    expect(valueText(zh, "updatedAt", Date.UTC(2026, 11, 4, 17, 30))).toBe("2026-12-05 01:30:00");
    expect(valueText(zh, "scopes", ["read", "push"])).toBe("read, push");
    expect(valueText(zh, "clientSecret", MASK)).toBe("（已遮盖）");
    expect(valueText(zh, "name", null)).toBe("—");
    expect(valueText(zh, "schedule", { kind: "cron", cron: "0 2 * * *" })).toBe("类型: cron; Cron 表达式: 0 2 * * *");
    expect(valueText(zh, "note", "x".repeat(500)).length).toBe(200);
  });

  test("a change lists only the fields that differ, labelled in the admin's language", () => {
    const out = html(<Change v={zh} before={{ name: "旧", enabled: true, slug: "a" }} after={{ name: "新", enabled: false, slug: "a" }} />);
    expect(out).toContain('<li><span class="field-name">名称</span>：<del translate="no">旧</del> → <ins translate="no">新</ins></li>');
    expect(out).toContain('<li><span class="field-name">启用</span>：<del translate="no">是</del> → <ins translate="no">否</ins></li>');
    expect(out).not.toContain("标识");
  });

  test("a created object lists its fields; an unknown field keeps its key in code font", () => {
    const out = html(<Change v={en} before={null} after={{ name: "ACME", brandNewField: 3 }} />);
    expect(out).toContain('<li><span class="field-name">Name</span>: <ins translate="no">ACME</ins></li>');
    expect(out).toContain('<li><span class="field-name"><code>brandNewField</code></span>: <ins translate="no">3</ins></li>');
    expect(out).not.toContain("<del");
  });

  test("a plain value changes as old → new without a label", () => {
    expect(html(<Change v={zh} before="a" after="b" />)).toBe('<ul class="change"><li><del translate="no">a</del> → <ins translate="no">b</ins></li></ul>');
  });
});
