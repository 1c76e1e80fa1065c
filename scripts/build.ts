// Builds dist/welink-bridge: one executable for this platform that runs from any folder,
// with no node_modules beside it. Run: `bun run build` (or `bun scripts/build.ts`).
import type { BunPlugin } from "bun";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const outfile = join(root, "dist", "welink-bridge");

/** The @libsql/<target> package holding libsql's native module for the machine building. */
function libsqlNativePackage(): string {
  const { platform, arch } = process;
  if (platform === "linux") {
    // glibcVersionRuntime is reported only by a glibc build of the runtime; absent means musl.
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    const libc = header?.glibcVersionRuntime ? "gnu" : "musl";
    return arch === "arm" ? `@libsql/linux-arm-${libc}eabihf` : `@libsql/linux-${arch}-${libc}`;
  }
  if (platform === "win32") return `@libsql/win32-${arch}-msvc`;
  return `@libsql/${platform}-${arch}`;
}

/**
 * libsql picks its native module with `require(\`@libsql/${target}\`)`, which the bundler cannot
 * follow, so a plain compile leaves the module out and the binary works only next to
 * node_modules. Rewriting that one call into a static require makes Bun embed the .node file.
 */
function libsqlStaticNative(pkg: string): BunPlugin {
  return {
    name: "libsql-static-native",
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]libsql[\\/]index\.js$/ }, ({ path }) => {
        const source = readFileSync(path, "utf8");
        const dynamic = "require(`@libsql/${target}`)";
        if (!source.includes(dynamic)) {
          throw new Error(`${path} no longer contains ${dynamic}; update scripts/build.ts`);
        }
        return { contents: source.replace(dynamic, `require(${JSON.stringify(pkg)})`), loader: "js" };
      });
    },
  };
}

const native = libsqlNativePackage();
if (!existsSync(join(root, "node_modules", native))) {
  console.error(`build: ${native} is not installed (run: node scripts/setup.mjs)`);
  process.exit(1);
}

const started = performance.now();
rmSync(outfile, { force: true });
mkdirSync(join(root, "dist"), { recursive: true });
process.chdir(root); // compile assets keep their path relative to the working directory

const result = await Bun.build({
  entrypoints: [join(root, "src/main.ts")],
  target: "bun",
  minify: { whitespace: true, syntax: true }, // identifiers kept: readable stack traces
  sourcemap: "linked",
  plugins: [libsqlStaticNative(native)],
  compile: {
    outfile,
    // Read at runtime from /$bunfs/root/migrations (see src/kernel/embedded.ts). The Scalar
    // page script is embedded by its `type: "file"` import in that same file.
    assets: ["migrations"],
    // The binary reads its settings through src/config.ts only; a stray bunfig.toml or .env
    // in the folder it is started from must not change how Bun itself behaves.
    autoloadBunfig: false,
    autoloadDotenv: false,
  },
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  console.error("build: failed");
  process.exit(1);
}
// Bun also writes the source map beside the binary, though the binary embeds its own copy.
rmSync(`${outfile}.map`, { force: true });
const megabytes = (statSync(outfile).size / 1024 / 1024).toFixed(1);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`build: dist/welink-bridge ${megabytes} MB (libsql native: ${native}) in ${seconds} s`);
