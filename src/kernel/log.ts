import type { LogLevel } from "../config.ts";

export type Fields = Record<string, unknown>;
export type Logger = {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
// Keys whose values never reach a log line, whatever the caller passes.
const SECRET_KEY = /(secret|password|passwd|token|authorization|cookie|authcode|masterkey)$/i;

function redact(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k) && typeof v === "string") out[k] = "[redacted]";
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message, stack: v.stack };
    else out[k] = v;
  }
  return out;
}

/** One JSON object per line on stdout (or the given sink). */
export function createLogger(level: LogLevel, sink: (line: string) => void = (l) => console.log(l)): Logger {
  const min = RANK[level];
  const emit = (lvl: LogLevel, msg: string, fields: Fields = {}) => {
    if (RANK[lvl] < min) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...redact(fields) }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
