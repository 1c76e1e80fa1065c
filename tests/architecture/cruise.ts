// Runs dependency-cruiser in-process (its JS API works on Bun) over `<baseDir>/src` with the
// repository's .dependency-cruiser.cjs, so src/ and the fixtures are judged by the same rules.
import { join, resolve } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseConfig from "dependency-cruiser/config-utl/extract-depcruise-config";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

export const repoRoot = resolve(import.meta.dir, "../..");

/** The import graph of `<baseDir>/src`, with the config's rule violations in its summary. */
export async function cruiseSrc(baseDir: string = repoRoot): Promise<ICruiseResult> {
  const { forbidden, options } = await extractDepcruiseConfig(join(repoRoot, ".dependency-cruiser.cjs"));
  const tsConfigFile = join(repoRoot, "tsconfig.json");
  const { output } = await cruise(
    ["src"], // relative to baseDir
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile }, ruleSet: { forbidden }, validate: true },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned text, not a result");
  return output;
}
