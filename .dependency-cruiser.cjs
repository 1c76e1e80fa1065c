// The rules of direction (DESIGN.md, "Shape of the code") that are plain path patterns.
// tests/architecture/imports.test.ts applies them to src/ and adds the two that need the whole
// graph (serve-never-loads-sandbox, no-room-cycles); `npx depcruise src` shows these alone.
// Paths are relative to the cruised base directory, so the fixtures reuse the same rules.

/** The floor: everything may import it. */
const FLOOR = "^src/(kernel/|config\\.ts$|deps\\.ts$)";

/** A rule that forbids `from` importing any src file outside `allowed`. */
function onlyImports(name, comment, from, allowed) {
  return { name, comment, severity: "error", from: { path: from }, to: { path: "^src/", pathNot: allowed } };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    onlyImports(
      "kernel-imports-no-room",
      "kernel is shared machinery under every room; config.ts is its only way up",
      "^src/kernel/",
      "^src/(kernel/|config\\.ts$)",
    ),
    onlyImports(
      "floor-files",
      "config.ts and deps.ts sit on the floor with kernel: everything imports them",
      "^src/(config|deps)\\.ts$",
      FLOOR,
    ),
    onlyImports("ui-imports-kernel-only", "every feature's pages build on ui", "^src/ui/", `^src/ui/|${FLOOR}`),
    onlyImports("welink-imports-kernel-only", "the WeLink client knows no domain", "^src/welink/", `^src/welink/|${FLOOR}`),
    {
      name: "only-through-index",
      comment: "a room's index.ts is what other rooms may use; kernel is the floor, imported file by file",
      severity: "error",
      // $1 is the importer's room (or root file name): imports inside one's own room are free.
      from: { path: "^src/([^/]+)" },
      to: { path: "^src/(?!kernel/)[^/]+/", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$"] },
    },
    {
      name: "accounts-corps-below-features",
      comment: "accounts and corps sit below directory, sync, messages and login",
      severity: "error",
      from: { path: "^src/(accounts|corps)/" },
      to: { path: "^src/(directory|sync|messages|login)/" },
    },
    {
      name: "sandbox-only-from-cli",
      comment: "the emulator and demo OA are for the CLI's demo and sandbox commands only",
      severity: "error",
      from: { pathNot: "^src/(sandbox|cli)/" },
      to: { path: "^src/sandbox/" },
    },
    {
      name: "no-file-cycles",
      comment: "a cycle between files makes load order matter and hides a missing seam",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a type still couples the importer to the room it comes from.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // So package subpaths (hono/jsx, csv-parse/sync) resolve instead of showing as unknown.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
