// Files the app reads at runtime, found the same way from source (`bun src/main.ts`) and from
// the compiled binary started in any folder (`dist/welink-bridge`, built by scripts/build.ts).
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// A `type: "file"` import is a path string: the file in node_modules when run from source, and
// `/$bunfs/root/standalone-<hash>.js` inside the binary, because the bundler embeds what is
// imported this way. TypeScript knows no such import and sees an untyped JS module, hence:
// @ts-expect-error TS7016 (no declarations for the script; Bun hands back a path string)
import scalarStandalone from "@scalar/api-reference/browser/standalone.js" with { type: "file" };

/**
 * The folder of SQL migrations. From source: the repo's `migrations/`. In the binary:
 * scripts/build.ts embeds that folder as a compile asset, which Bun places beside the bundled
 * entry, i.e. `/$bunfs/root/migrations`. Never cwd-relative: the binary may start anywhere.
 */
export function migrationsFolder(): string {
  if (Bun.isStandaloneExecutable) return join(import.meta.dir, "migrations");
  return fileURLToPath(new URL("../../migrations", import.meta.url));
}

/** The Scalar API reference page script (≈ 4 MB), served locally so /api/docs needs no CDN. */
export function scalarStandalonePath(): string {
  return scalarStandalone as string;
}
