# The gateway as a container: compiled JavaScript, production dependencies only, not root.
# docker build -t guardduty-graphql . && docker run -p 4000:4000 -e AUTH_MODE=... guardduty-graphql

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
# A container talks to AWS (credentials from the task role, instance profile or environment);
# it listens on every interface of its own network namespace.
ENV NODE_ENV=production \
    GUARDDUTY_UPSTREAM=aws \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The persisted operations (PERSISTED_OPERATIONS=allow-list) the gateway reads at start.
COPY schema/generated/persisted-documents.json ./schema/generated/persisted-documents.json
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
