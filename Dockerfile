# Keyway's production image: Node.js 24 on Debian bookworm (slim), Next.js standalone server, non-root, read-only
# root filesystem friendly (writes go to /app/data, a volume, and /tmp). docs/deployment.md explains every setting.
#   docker build -t keyway .
#   docker run --rm -e DATABASE_URL=… keyway migrate        apply pending migrations, then exit
#   docker run -p 3000:3000 -e DATABASE_URL=… -e NEXTAUTH_URL=… -e NEXTAUTH_SECRET=… -e KEYWAY_SEALING_KEY=… keyway
# The base image is a build argument: any Debian bookworm image with Node.js 24 in /usr/local (node, npm and Node's
# headers in include/node), as the official image has. Optional build secret `npm_ca`: a CA bundle for npm (a
# registry behind a TLS-intercepting proxy).
ARG BASE_IMAGE=node:24-bookworm-slim

FROM ${BASE_IMAGE} AS build
# better-sqlite3 compiles with node-gyp when no prebuilt binary can be fetched: against this Node.js's own headers,
# never downloaded ones.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 npm_config_nodedir=/usr/local npm_config_update_notifier=false
WORKDIR /src
# Dependencies first (their layer is reused until these files change). postinstall generates the Prisma clients, with
# prisma.config.ts (Prisma's JavaScript engine: without it Prisma would download a native one).
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY lib/db lib/db
COPY prisma/sqlite/schema.prisma prisma/sqlite/
COPY prisma/postgresql/schema.prisma prisma/postgresql/
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca npm_config_cafile=/run/secrets/npm_ca; fi \
 && npm ci --no-audit --no-fund
COPY . .
RUN KEYWAY_BUILD_STANDALONE=1 npm run build \
 && node scripts/image/assemble-runtime.mjs /runtime

FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 KEYWAY_HOST=0.0.0.0 PORT=3000
# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it; /app/data holds the embedded SQLite database
# (only when DATABASE_URL is not PostgreSQL).
RUN groupadd --system --gid 10001 keyway \
 && useradd --system --uid 10001 --gid keyway --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin keyway \
 && mkdir -p /app/data \
 && chown keyway:keyway /app/data
WORKDIR /app
COPY --from=build --chown=root:root /runtime/ ./
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 3000
# Liveness only (never touches the database): an outage of PostgreSQL must not get every replica restarted.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/keyway.mjs"]
CMD ["start"]
