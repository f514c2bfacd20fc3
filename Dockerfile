# Datapedia gateway image (production-like topology of docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY schemas ./schemas
COPY gateway ./gateway
COPY catalog ./catalog
COPY contracts ./contracts
COPY consent ./consent
COPY connectors ./connectors
COPY ledger ./ledger
COPY web ./web
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/datapedia.mjs", "start"]
