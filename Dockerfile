# One image for every Strata service; the APP environment variable (or the compose `command`) picks which one runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY infra ./infra
COPY libs ./libs
COPY apps ./apps
RUN node infra/build.mjs && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ARG APP=gateway
ENV APP=${APP}
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/_health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: the service is PID 1 and receives SIGTERM itself, so `docker stop` shuts it down gracefully.
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/$APP/src/main.js"]
