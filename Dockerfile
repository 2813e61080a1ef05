# syntax=docker/dockerfile:1
# One image, two programs: `serve` (the bridge, default) and `emulator` (the JumpCloud emulator).
#   docker build -t jumpcloud-scim-bridge .
#   docker run --env-file .env -p 8080:8080 -v bridge-data:/app/data jumpcloud-scim-bridge
#   docker run jumpcloud-scim-bridge check          # the admin's pre-flight (README "Connect SailPoint")

# Build stage: compile TypeScript with the full toolchain, then keep production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled here from its npm sources (Debian's toolchain): no prebuilt binary is downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY emulator ./emulator
COPY schemas ./schemas
COPY bench ./bench
# The operator console's front end (issue 16): compiled by tsc and copied into dist/console by npm run build.
COPY console ./console
COPY scripts ./scripts
# Drop dev dependencies, then what only compiling better-sqlite3 needed (its C sources, objects,
# static library, test extension): the loaded addon is build/Release/better_sqlite3.node alone.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/deps build/Release/obj build/Release/obj.target build/Release/.deps build/Release/sqlite3.a build/Release/test_extension.node

# Runtime stage: compiled code, production dependencies and data files only, as the unprivileged node user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    AUDIT_DB_PATH=/app/data/bridge.db \
    AUDIT_LOG_FILE=/app/data/audit.log
# The bridge never runs npm: removing it (and yarn, corepack) shrinks the image and what an attacker finds in it.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && mkdir -p /app/data && chown node:node /app/data
WORKDIR /app
# Owned by root and read-only to the node user: the process can write its data folder and nothing else.
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist/package.json ./dist/package.json
COPY --from=build --chown=root:root /app/dist/src ./dist/src
COPY --from=build --chown=root:root /app/dist/emulator ./dist/emulator
# The console's page, scripts and style sheet, served at /console/ (no CDN: nothing is fetched at run time).
COPY --from=build --chown=root:root /app/dist/console ./dist/console
# tsc emits the JSON files the code imports (schemas/jumpcloud/*.schema.json, mapping.schema.json)
# beside dist/src, in dist/schemas: without them the CLI cannot load (issue 12, finding 9).
COPY --from=build --chown=root:root /app/dist/schemas ./dist/schemas
COPY --from=build --chown=root:root /app/schemas ./schemas
COPY --from=build --chown=root:root /app/emulator/seeds ./emulator/seeds
USER node
EXPOSE 8080
# SIGTERM starts the graceful shutdown (SHUTDOWN_TIMEOUT_SECONDS); give the container longer than that to stop.
STOPSIGNAL SIGTERM
# Slim images have no curl: the CLI probes /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/src/cli/main.js", "healthcheck"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["serve"]
