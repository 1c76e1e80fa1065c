# syntax=docker/dockerfile:1
# welink-bridge as one compiled binary on Debian slim.
#   docker build -t welink-bridge .
#   docker run -p 8080:8080 -v bridge-data:/data -e BRIDGE_ADMIN_PASSWORD=... welink-bridge

# --- build: Node + npm install Bun (an npm dependency) and the packages, then compile --------
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
 && node_modules/.bin/bun --version
COPY . .
# Compiles for this image's platform (glibc); see scripts/build.ts for what gets embedded.
RUN node_modules/.bin/bun scripts/build.ts \
 && ./dist/welink-bridge version

# --- run: glibc (the embedded libsql native module needs it), curl for the health check -------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 bridge \
 && useradd --system --uid 10001 --gid bridge --home-dir /data --shell /usr/sbin/nologin bridge \
 && mkdir -p /data \
 && chown bridge:bridge /data
COPY --from=build /src/dist/welink-bridge /app/welink-bridge

# The binary unpacks libsql's native module into $TMPDIR at start, so it must be writable
# (with a read-only root filesystem, mount a tmpfs at /tmp).
ENV TMPDIR=/tmp \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=file:/data/bridge.db
VOLUME /data
WORKDIR /data
USER bridge
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/readyz" || exit 1
ENTRYPOINT ["/app/welink-bridge"]
CMD ["serve"]
