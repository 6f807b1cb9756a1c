# One image for the API, the projector and the admin CLI; they differ only in their command:
#   node dist/apps/api/src/main.js                 (the default)
#   node dist/apps/projector/src/main.js
#   node dist/apps/cli/src/main.js <command> …
#
# Build and runtime stages use the same Debian release (bookworm), so the native modules made in
# the build stage load in the runtime stage: better-sqlite3 (compiled here by node-gyp against
# this Node's headers) and @kurrent/bridge (a prebuilt glibc binary, picked by npm for the build
# platform). An Alpine (musl) runtime would need both made again for musl.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency, with the tools to compile better-sqlite3 ----------------------------
FROM ${NODE_IMAGE} AS deps
# npm 11, as in development: dependency install scripts run only where package.json's allowScripts
# says so (better-sqlite3). The npm 10 bundled with Node 20 would run every package's scripts.
ARG NPM_VERSION=11.19.1
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g "npm@${NPM_VERSION}" --no-audit --no-fund
WORKDIR /app
# Compile better-sqlite3 from source against the image's own Node headers instead of downloading
# a prebuilt binary: the build needs nothing but the npm registry (intranet mirrors work).
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build: compile TypeScript, then drop the dev dependencies --------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: Node, production dependencies, compiled code and config; no compiler, no sources ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    POLICY_FILE=/app/config/policy.json \
    LOG_FORMAT=json
WORKDIR /app
# Owned by root and read-only to the user the processes run as; only /data is theirs.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/dist/libs ./dist/libs
COPY config ./config
# Fail the image build, not the first request, when a native module does not load on this libc.
RUN node -e "const Database = require('better-sqlite3'); new Database(':memory:').prepare('select 1').get(); require('@kurrent/bridge');" \
  && mkdir -p /data \
  && chown node:node /data
# The non-root user of the node images (uid 1000).
USER node
# The embedded SQLite file (EVENT_STORE=sqlite, no READ_MODEL_URL); unused with server engines.
VOLUME ["/data"]
EXPOSE 3000
# For the API. The projector and the CLI serve no HTTP: docker-compose.yml turns this off for them.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
