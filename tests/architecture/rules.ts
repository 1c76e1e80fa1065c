// The rules of direction over one cruise of `src/`: the path rules of .dependency-cruiser.cjs
// (already judged by dependency-cruiser, read from its summary) plus the two that need the
// whole graph, computed here.
import type { ICruiseResult, IViolation } from "dependency-cruiser";

export type Violation = { rule: string; from: string; to: string; detail?: string };

type Edge = { from: string; to: string; types: readonly string[] };

/** Every import from one file of src/ to another (npm packages and builtins drop out). */
function srcEdges(result: ICruiseResult): Edge[] {
  return result.modules.flatMap((module) =>
    module.source.startsWith("src/")
      ? module.dependencies
          .filter((dependency) => dependency.resolved.startsWith("src/"))
          .map((dependency) => ({ from: module.source, to: dependency.resolved, types: dependency.dependencyTypes }))
      : [],
  );
}

/** The top-level folder a file lives in (src/login/scan/x.ts is login); a root file is its own node. */
export function roomOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? (parts[1] ?? file) : file;
}

function fromDepcruise(violation: IViolation): Violation {
  const { rule, from, to, cycle } = violation;
  const detail = cycle ? [from, ...cycle.map((step) => step.name)].join(" -> ") : undefined;
  return { rule: rule.name, from, to, ...(detail ? { detail } : {}) };
}

// dependency-cruiser 17 marks `import type` / all-`type` specifiers "type-only" when
// tsPreCompilationDeps is true; "pre-compilation-only" appears only with "specify".
const NOT_LOADED_AT_START = ["dynamic-import", "type-only", "pre-compilation-only"];

/**
 * `serve` must never load the sandbox: follows the imports that load code when their importer
 * loads (`import()` waits until called and Bun erases type-only imports) from src/main.ts, and
 * reports each import into src/sandbox/ it reaches, with the chain of imports that reaches it.
 */
function sandboxLoadedByServe(edges: Edge[]): Violation[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to, types } of edges) {
    if (types.some((type) => NOT_LOADED_AT_START.includes(type))) continue;
    next.set(from, (next.get(from) ?? new Set()).add(to));
  }
  const chainTo = new Map([["src/main.ts", ["src/main.ts"]]]);
  const found: Violation[] = [];
  for (const [file, chain] of chainTo) {
    // A Map iterates entries added while iterating: this is a breadth-first walk.
    for (const to of next.get(file) ?? []) {
      if (to.startsWith("src/sandbox/")) {
        found.push({ rule: "serve-never-loads-sandbox", from: file, to, detail: [...chain, to].join(" -> ") });
      } else if (!chainTo.has(to)) chainTo.set(to, [...chain, to]);
    }
  }
  return found;
}

/** Tarjan's strongly connected components of a directed graph. */
function components(graph: Map<string, Set<string>>): string[][] {
  const seen = new Map<string, { index: number; low: number }>();
  const stack: string[] = [];
  const result: string[][] = [];
  const visit = (node: string): { index: number; low: number } => {
    const mark = { index: seen.size, low: seen.size };
    seen.set(node, mark);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const other = seen.get(next);
      if (!other) mark.low = Math.min(mark.low, visit(next).low);
      else if (stack.includes(next)) mark.low = Math.min(mark.low, other.index);
    }
    if (mark.low === mark.index) result.push(stack.splice(stack.indexOf(node)));
    return mark;
  };
  for (const node of graph.keys()) if (!seen.has(node)) visit(node);
  return result;
}

/** Rooms that reach each other: one violation per room-to-room edge inside a cycle, with one import that makes it. */
function roomCycles(edges: Edge[]): Violation[] {
  const graph = new Map<string, Set<string>>();
  const example = new Map<string, Edge>();
  for (const edge of edges) {
    const [from, to] = [roomOf(edge.from), roomOf(edge.to)];
    if (from === to) continue;
    graph.set(from, (graph.get(from) ?? new Set()).add(to));
    if (!example.has(`${from} ${to}`)) example.set(`${from} ${to}`, edge);
  }
  return components(graph)
    .filter((rooms) => rooms.length > 1)
    .flatMap((rooms) => {
      const detail = `rooms in a cycle: ${[...rooms].sort().join(", ")}`;
      return rooms.flatMap((from) =>
        rooms.flatMap((to) => {
          const edge = example.get(`${from} ${to}`);
          return edge ? [{ rule: "no-room-cycles", from: edge.from, to: edge.to, detail }] : [];
        }),
      );
    });
}

/** Every broken rule of direction in a cruise, each import once per rule, sorted by rule then import. */
export function findViolations(result: ICruiseResult): Violation[] {
  const edges = srcEdges(result);
  const all = [
    ...result.summary.violations.map(fromDepcruise),
    ...sandboxLoadedByServe(edges),
    ...roomCycles(edges),
  ];
  // A file that imports both types and values from one module is two dependencies to depcruise.
  const unique = new Map(all.map((violation) => [`${violation.rule} ${violation.from} ${violation.to}`, violation]));
  return [...unique.values()].sort((a, b) =>
    `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`),
  );
}

/** One line per violation: `rule: from -> to (detail)`. */
export function formatViolation(violation: Violation): string {
  const line = `${violation.rule}: ${violation.from} -> ${violation.to}`;
  return violation.detail ? `${line} (${violation.detail})` : line;
}
