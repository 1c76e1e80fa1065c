import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT } from "../helpers/cli.ts";

export type RunningDemo = { proc: ReturnType<typeof Bun.spawn>; banner: string; cwd: string; stop(): Promise<void> };

/** Starts `welink-bridge demo …` in an empty folder (no .env) and waits for the whole banner. */
export async function startDemo(args: string[]): Promise<RunningDemo> {
  const cwd = mkdtempSync(join(tmpdir(), "wlb-demo-test-"));
  const proc = Bun.spawn([process.execPath, resolve(ROOT, "src/main.ts"), "demo", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TMPDIR: cwd },
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let banner = "";
  while (!banner.includes("Ctrl-C stops everything")) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`demo exited: ${banner} ${await new Response(proc.stderr as ReadableStream).text()}`);
    banner += decoder.decode(chunk.value);
  }
  reader.releaseLock();
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await proc.exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  };
  return { proc, banner, cwd, stop };
}

/** The groups of `re` in the banner (throws, showing the banner, when it is not there). */
export const grab = (text: string, re: RegExp): string[] => {
  const m = re.exec(text);
  if (!m) throw new Error(`not in the banner: ${re}\n${text}`);
  return m.slice(1);
};

/** The variables of the banner's `export …` line, as the README's examples use them. */
export function exported(banner: string): Record<string, string> {
  const [line] = grab(banner, /^\s*export (.+)$/m);
  return Object.fromEntries(line!.trim().split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}
