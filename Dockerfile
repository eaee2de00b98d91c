# One image for the API and the worker (docker-compose.yml runs it twice with different commands).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY src ./src
COPY web ./web
# the server, then the web console (web/dist, served by the same process at /); front-end packages are dev-only
RUN npm run build && npm run build:web && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/prisma ./prisma
USER node
EXPOSE 3000
# Migrations run first (safe when several containers start at once: advisory lock), then the API.
CMD ["sh", "-c", "node dist/infra/database/migrate-cli.js && node dist/main.js"]
