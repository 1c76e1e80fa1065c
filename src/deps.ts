import type { Config } from "./config.ts";
import { type Clock, systemClock } from "./kernel/clock.ts";
import { loadMasterKeys } from "./kernel/crypto/master-key.ts";
import { createSecretBox, type SecretBox } from "./kernel/crypto/secret-box.ts";
import { type Database, type Db, openDatabase } from "./kernel/db/client.ts";
import { applyMigrations } from "./kernel/db/migrate.ts";
import { checkMasterKey } from "./kernel/db/secrets.ts";
import { createMetrics, type Metrics } from "./kernel/http/metrics.ts";
import { createLogger, type Logger } from "./kernel/log.ts";
import { createScheduler, type Scheduler } from "./kernel/scheduler.ts";

/** Everything a use case, route or job may need; built once and passed down. */
export type Deps = {
  config: Config;
  db: Db;
  database: Database;
  clock: Clock;
  log: Logger;
  box: SecretBox;
  metrics: Metrics;
  /** Scheduled jobs; started only by `serve`. */
  scheduler: Scheduler;
  /** Set only by `welink-bridge demo` (never by `serve`): pages may then show what a demo needs, e.g. the URL a QR code holds. */
  demo?: true;
};

export type DepsOptions = { clock?: Clock; log?: Logger; migrate?: boolean };

/** Opens the database (migrating it unless told not to), loads the master key and checks it. */
export async function buildDeps(config: Config, options: DepsOptions = {}): Promise<Deps> {
  const log = options.log ?? createLogger(config.logLevel);
  const keys = loadMasterKeys(config.masterKey, log);
  const box = await createSecretBox(keys.current, keys.previous);
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  try {
    if (options.migrate !== false) await applyMigrations(database.db);
    if (options.migrate !== false) await checkMasterKey(database.db, box);
  } catch (e) {
    database.close();
    throw e;
  }
  return {
    config,
    db: database.db,
    database,
    clock: options.clock ?? systemClock,
    log,
    box,
    metrics: createMetrics(),
    scheduler: createScheduler(log, config.timezone),
  };
}
