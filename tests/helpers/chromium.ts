import { join, resolve } from "node:path";
import type { Page } from "playwright-core";

/** Debian's chromium (the test command installs it); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where browser tests leave their screenshots. */
export const SHOTS = resolve(process.env.TEST_OUTPUT_DIR ?? "test-output", "screenshots");
/** Headless, no sandbox (root in CI), nothing reaching out to the network on its own. */
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];

/** A full-page screenshot under SHOTS, named for the scenario. */
export const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
