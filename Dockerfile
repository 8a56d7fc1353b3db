# The understudy mock as a container, e.g. a CI service for teams whose code is not JavaScript.
# Built from this repository; no image is published:
#   docker build -t understudy .
#   docker run --rm -p 4010:4010 understudy
# BASE is any image with Node >= 20.12 and npm: an official Node image by default (.ci/container-test.sh
# builds one from Debian's packages instead, where no image registry is reachable).
ARG BASE=node:20-bookworm-slim

FROM ${BASE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are here. The npm cache outlives the build.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src src
COPY specs specs
COPY scenarios scenarios
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${BASE}
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY --from=build /src/specs specs
COPY --from=build /src/scenarios scenarios
COPY docker/healthcheck.mjs ./
# A numeric user works on any base (no useradd needed); /data is where --state-file writes.
RUN ln -s /app/dist/cli.js /usr/local/bin/understudy && mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
# Every interface, inside the container: the admin API then needs a token, UNDERSTUDY_ADMIN_TOKEN or
# one generated and printed in the start-up banner.
ENV HOST=0.0.0.0 PORT=4010
# The CLI keeps V8's code cache of its bundle and validator tables (src/tools/cli-loader.mjs), but
# /app/dist is not writable by this user: the cache goes to /tmp, so a container's second start on
# reuses it.
ENV UNDERSTUDY_CODE_CACHE_DIR=/tmp/understudy-code-cache
EXPOSE 4010
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["understudy"]
CMD ["mock"]
