import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errors } from "../errors.ts";
import type { AppEnv } from "./env.ts";

/** One route family's limit; `stream` for file uploads, whose bytes are counted as they pass. */
export type BodyLimitRule = { path: RegExp; maxBytes: number; stream?: boolean };

const limiter = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw errors.tooLarge(maxBytes);
    },
  }) as unknown as MiddlewareHandler<AppEnv>;

/**
 * For uploads: counts bytes as they stream past instead of reading the body first (Hono's
 * bodyLimit buffers a chunked body whole), so a large file is refused without being held.
 */
function streamingLimiter(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) > maxBytes) throw errors.tooLarge(maxBytes);
    const body = c.req.raw.body;
    if (body && declared === undefined) {
      let seen = 0;
      const counted = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, out) {
            seen += chunk.byteLength;
            if (seen > maxBytes) out.error(errors.tooLarge(maxBytes));
            else out.enqueue(chunk);
          },
        }),
      );
      c.req.raw = new Request(c.req.raw, { body: counted, duplex: "half" } as RequestInit);
    }
    await next();
  };
}

/**
 * Every request's body limit, in one place and before any route runs (so before rate limits,
 * sessions or handlers could read it): the first rule whose path matches decides. A declared
 * Content-Length over the limit is refused from the head alone; a chunked body is cut at the limit.
 */
export function bodyLimits(rules: BodyLimitRule[]): MiddlewareHandler<AppEnv> {
  const limiters = rules.map((r) => ({ path: r.path, run: r.stream ? streamingLimiter(r.maxBytes) : limiter(r.maxBytes) }));
  return (c, next) => {
    const rule = limiters.find((l) => l.path.test(c.req.path));
    return rule ? rule.run(c, next) : next();
  };
}
