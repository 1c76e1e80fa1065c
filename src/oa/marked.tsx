/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Value } from "../ui/index.ts";

/** How a param shows inside a sentence: data (a name, what someone typed) or an identifier (a path, a column). */
export type Mark = "value" | "code";
export type Marks = Record<string, Mark>;
type Param = string | number | Child;

const SLOT = "\u0001";

/**
 * A translated sentence whose params stay apart from the words around them: data is marked
 * (translate="no"), identifiers are <code>, and a param may itself be a sentence (a Child).
 * `render` is a translator call taking params; it is fed slot markers and the result split on them.
 */
export function marked(render: (params: Record<string, string>) => string, params: Record<string, Param>, marks: Marks = {}): Child {
  const slots = Object.fromEntries(Object.keys(params).map((k) => [k, `${SLOT}${k}${SLOT}`]));
  const parts = render(slots).split(SLOT);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const v = params[part];
        if (typeof v !== "string" && typeof v !== "number") return v;
        if (marks[part] === "value") return <Value>{v}</Value>;
        if (marks[part] === "code") return <code>{v}</code>;
        return String(v);
      })}
    </>
  );
}
