import { Counter, Gauge, type Registry } from "prom-client";
import type { Deps } from "../deps.ts";

export type PushMetrics = { accepted: Counter; sent: Counter; failed: Counter; dead: Counter; skipped: Counter };

const byRegistry = new WeakMap<Registry, PushMetrics>();

/** The push counters and queue gauges on the app's registry (made once per registry). */
export function pushMetrics(deps: Pick<Deps, "metrics" | "database" | "clock">): PushMetrics {
  const registry = deps.metrics.registry;
  const known = byRegistry.get(registry);
  if (known) return known;
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const m: PushMetrics = {
    accepted: counter("bridge_push_accepted_total", "Messages accepted (replays of an accepted message not counted)."),
    sent: counter("bridge_push_sent_total", "Deliveries WeLink accepted."),
    failed: counter("bridge_push_failed_total", "Deliveries failed permanently (WeLink's code kept)."),
    dead: counter("bridge_push_dead_total", "Deliveries given up after 24 h of transient failures."),
    skipped: counter("bridge_push_skipped_total", "Deliveries skipped by the dispatcher (outside the visible range)."),
  };
  new Gauge({
    name: "bridge_push_queue_depth",
    help: "Deliveries pending or being sent.",
    registers: [registry],
    async collect() {
      const rs = await deps.database.client.execute("SELECT count(*) AS n FROM deliveries WHERE status IN ('pending', 'sending')");
      this.set(Number(rs.rows[0]?.[0] ?? 0));
    },
  });
  new Gauge({
    name: "bridge_push_oldest_pending_seconds",
    help: "Age of the oldest pending delivery, in seconds (0 when none).",
    registers: [registry],
    async collect() {
      const rs = await deps.database.client.execute("SELECT min(created_at) FROM deliveries WHERE status = 'pending'");
      const oldest = rs.rows[0]?.[0];
      this.set(oldest == null ? 0 : Math.max(0, (deps.clock.now() - Number(oldest)) / 1000));
    },
  });
  byRegistry.set(registry, m);
  return m;
}
