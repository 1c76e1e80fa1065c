import { Counter, Histogram, Registry } from "prom-client";

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
};

/** One registry per app instance (tests build many apps; a global registry would mix them). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const httpRequests = new Counter({
    name: "bridge_http_requests_total",
    help: "HTTP requests by route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "bridge_http_request_duration_seconds",
    help: "HTTP request latency by route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}
