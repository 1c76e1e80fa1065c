import { createApp } from "../app.ts";
import type { Deps } from "../deps.ts";
import { registerOaSchedules } from "../oa/index.ts";
import { closeInterruptedPulls, registerPullSchedules, registerPushSchedules, resumeEditRuns, resumePushRuns, resumeWritebackRuns } from "../sync/index.ts";
import { registerMessageJobs, startDispatcher } from "../messages/index.ts";
import { registerScanJobs, registerSignInJobs } from "../login/index.ts";
import { type BootstrapResult, ensureBootstrap } from "../accounts/index.ts";

function printOnce(boot: BootstrapResult, out: (line: string) => void) {
  if (!boot.generatedToken && !boot.generatedPassword) return;
  out("");
  out("  welink-bridge first start — these are shown only this once (only hashes are stored):");
  if (boot.generatedToken) out(`    global admin API token:  ${boot.generatedToken}`);
  if (boot.generatedPassword) out(`    admin sign-in:           user 'admin', password ${boot.generatedPassword}`);
  out("  Set BRIDGE_ADMIN_TOKEN / BRIDGE_ADMIN_PASSWORD to choose them yourself.");
  out("");
}

/** Serves until SIGTERM/SIGINT, then stops taking requests, lets in-flight ones finish, and closes the database. */
export async function serveCommand(deps: Deps, out: (line: string) => void): Promise<void> {
  printOnce(await ensureBootstrap(deps), out);
  await registerOaSchedules(deps);
  // Before any schedule can start a pull: a pull the last process left running is over.
  await closeInterruptedPulls(deps);
  await registerPullSchedules(deps);
  await registerPushSchedules(deps);
  registerMessageJobs(deps);
  registerScanJobs(deps);
  registerSignInJobs(deps);
  deps.scheduler.start();
  const app = createApp(deps);
  const server = Bun.serve({
    // Held answers (scan login's status stream and long poll) outlive Bun's default 10 s idle timeout.
    idleTimeout: 60,
    port: deps.config.port,
    hostname: deps.config.host,
    fetch: (req, srv) => app.fetch(req, { server: srv }),
  });
  deps.log.info("listening", { url: `http://${deps.config.host}:${server.port}`, publicUrl: deps.config.publicUrl });
  // Not awaited: a long resumed push must not delay serving.
  // Edits first (one object each, they hold their corp only for a moment), then push, then
  // write-back: each claims its corp, so none resumes over another.
  resumeEditRuns(deps)
    .then(() => Promise.all([resumePushRuns(deps), resumeWritebackRuns(deps)]))
    .then(([a, b]) => a + b)
    .then(
      (n) => n > 0 && deps.log.info("push runs resumed", { runs: n }),
      (e: unknown) => deps.log.error("resuming push runs failed", { error: e instanceof Error ? e : String(e) }),
    );

  // Sends queued messages; a crash loses nothing (claims older than 60 s are taken again).
  const dispatcher = startDispatcher(deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info("shutting down", { signal });
    deps.scheduler.stop();
    const timeout = new Promise((r) => setTimeout(r, deps.config.shutdownTimeoutMs, "timeout"));
    const result = await Promise.race([server.stop(false).then(() => "drained"), timeout]);
    if (result === "timeout") await server.stop(true);
    await Promise.race([dispatcher.stop(), new Promise((r) => setTimeout(r, deps.config.shutdownTimeoutMs))]);
    deps.database.close();
    deps.log.info("stopped", { drained: result === "drained" });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
