# Datapedia gateway image (production-like topology of docker-compose.yml).
# Build stage: compiles the TypeScript sources to dist/ (`npm run build`, tsconfig.build.json).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY gateway ./gateway
COPY exchange ./exchange
COPY identity ./identity
COPY catalog ./catalog
COPY contracts ./contracts
COPY consent ./consent
COPY connectors ./connectors
COPY ledger ./ledger
COPY audit ./audit
COPY flows ./flows
COPY notify ./notify
COPY indicators ./indicators
COPY counter ./counter
COPY schemas ./schemas
COPY web ./web
RUN npm run build

# Runtime stage: production dependencies, the compiled build and the command; no sources.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin/datapedia.mjs ./bin/datapedia.mjs
COPY --from=build /app/dist ./dist
# Writable by the unprivileged user: the ledger archives (LEDGER_ARCHIVE_DIR) and a witness's state (WITNESS_STATE_DIR), volumes in docker-compose.yml.
RUN mkdir -p /var/lib/datapedia/archives /var/lib/datapedia-witness && chown -R node:node /var/lib/datapedia /var/lib/datapedia-witness
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/datapedia.mjs", "start"]
