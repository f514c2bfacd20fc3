/**
 * The gateway child process of the exchange benchmark (bench/exchange.ts), so that the load
 * generator, the upstream and the gateway never share an event loop.
 *   exchange-child.ts <S1..S6> <upstream url> <database url> <ledger chain id>
 * Talks to the parent over IPC: sends { ready, url, token }, answers { cpu } to 'cpu' messages
 * with process.cpuUsage() (user + system, µs) since the previous one.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { systemClock } from '../schemas/index.js';
import { createLedgerWriter } from '../ledger/index.js';
import { composeApp } from '../tests/helpers/app.js';
import { loadConfig } from '../gateway/config.js';
import type { ExchangePorts, LedgerWriter } from '../exchange/ports.js';
import { EXCHANGE_STEPS, type ExchangeStep } from '../exchange/pipeline.js';
import { authenticate } from '../exchange/steps/authenticate.js';
import { authorise } from '../exchange/steps/authorise.js';
import { checkTraceability } from '../exchange/steps/check-traceability.js';
import { validateRequest } from '../exchange/steps/validate-request.js';
import { checkConsent, refuseConsentRequired } from '../exchange/steps/check-consent.js';
import { fetchUpstream } from '../exchange/steps/fetch-upstream.js';
import { resolveTarget } from '../exchange/support/resolve-target.js';
import { parseExchangeQuery } from '../exchange/support/query.js';
import { createLocalTokenIssuer, inMemoryCatalog, inMemoryContracts } from '../gateway/exchange-adapters/in-memory.js';
import { httpConnectors } from '../gateway/exchange-adapters/http-connector.js';
import { pgRateLimiter } from '../gateway/exchange-adapters/pg-rate-limiter.js';
import { ledgerWriterPort } from '../gateway/exchange-adapters/ledger.js';
import { BENCH } from './exchange-world.js';

function send(msg: unknown): void {
  process.send!(msg);
}
let last = process.cpuUsage();
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'exit') process.exit(0);
  if (m.cmd === 'cpu') {
    const now = process.cpuUsage();
    send({ cpu: now.user - last.user + now.system - last.system });
    last = now;
  }
});

/** S1: routing only — find the endpoint, call the producer, hand its body back. */
const route: ExchangeStep = async (ctx, rt) => {
  await resolveTarget(ctx, rt);
  ctx.query = parseExchangeQuery(ctx.input.rawQuery);
  ctx.traceability = { recipient: BENCH.consumer, context: '', object: '' };
  ctx.grantedScopes = [];
};
const passThrough: ExchangeStep = (ctx) => { ctx.data = ctx.upstream!.body; };

const SCENARIOS: Record<string, readonly ExchangeStep[]> = {
  S1: [route, fetchUpstream, passThrough],
  S2: [authenticate, route, fetchUpstream, passThrough],
  S3: [authenticate, authorise, checkTraceability, validateRequest, checkConsent, fetchUpstream, passThrough],
  S4: EXCHANGE_STEPS,
  S5: EXCHANGE_STEPS,
  S6: EXCHANGE_STEPS,
};

async function gateway(scenario: string, upstreamUrl: string, dbUrl: string, chainId: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', SUBJECT_HMAC_SECRET: BENCH.secret, DATABASE_URL: dbUrl });
  const issuer = await createLocalTokenIssuer({ issuer: config.PUBLIC_URL, clock: systemClock });
  const noLedger: LedgerWriter = { append: async () => undefined };
  const ledger = scenario === 'S5' || scenario === 'S6'
    ? ledgerWriterPort(createLedgerWriter({ pool, chainId, clock: systemClock, maxBatch: scenario === 'S5' ? 500 : 1, maxQueue: 100_000 }))
    : noLedger;
  const ports: ExchangePorts = {
    tokens: issuer.verifier, contracts: inMemoryContracts([BENCH.contract]), catalog: inMemoryCatalog([BENCH.entry]),
    connectors: httpConnectors({ [BENCH.entry.api.slug]: upstreamUrl }), ledger, rateLimiter: pgRateLimiter(pool, systemClock),
    consent: refuseConsentRequired, clock: systemClock,
  };
  const { app } = await composeApp({
    config, pool, logger: pino({ level: 'silent' }), clock: systemClock, exchange: { ...ports, steps: SCENARIOS[scenario] },
    ledger: { append: async (e) => (await ledger.append(e as never)) as never },
  });
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const token = await issuer.issue({ client_id: BENCH.contract.clientIds[0]!, contract_id: BENCH.contract.id, contract_version: 1, consumer_siret: BENCH.consumer, scope: BENCH.contract.scopes.join(' ') }, { expiresInSec: 3600 });
  last = process.cpuUsage();
  send({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token });
}

const args = process.argv.slice(2);
await gateway(args[0]!, args[1]!, args[2]!, args[3]!);
