/**
 * The gateway child process of the exchange benchmark (bench/exchange.ts), so that the load
 * generator, the upstream and the gateway never share an event loop.
 *   exchange-child.ts <S1..S6> <upstream url> <database url> <ledger chain id> [express|fast]
 * The gateway is production's: the configuration, the database pools, the ledger writer and the
 * connector registry as `datapedia start` opens them (openDatabase, openExchangeForProcess), the
 * services of gateway/compose.ts (`buildServices`: real contracts directory, catalogue resolver,
 * token keys, rate limiter, consent checker — PostgreSQL stores and their caches), the HTTP
 * surfaces of `createApp`, the REST connector bound in the catalogue. Logs go to stdout (the
 * parent sends them to a file), at production's level.
 *   S5: that, untouched. S6: the same with one INSERT per ledger event (LEDGER_MAX_BATCH=1).
 *   S1–S4: the same ports, a pipeline of fewer steps and no ledger (what each stage costs).
 *   `fast` (default): the server runs `createApp`'s `listener` as `datapedia start` does (the
 *   exchange listener in front of express); `express`: the server hands every request to express.
 * Talks to the parent over IPC: sends { ready, url }, answers { cpu } to 'cpu' messages with
 * process.cpuUsage() (user + system, µs) since the previous one, and { ledger } to 'ledger'
 * messages with the ledger writer's statistics (batch sizes).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { systemClock } from '../schemas/index.js';
import { createApp } from '../gateway/app.js';
import { buildServices } from '../gateway/compose.js';
import type { AppDeps } from '../gateway/deps.js';
import { loadConfig } from '../gateway/config.js';
import { createLogger, openDatabase } from '../gateway/process/runtime.js';
import { openExchangeForProcess } from '../gateway/exchange-adapters/process-parts.js';
import { createExchangePorts, exchangeSettings } from '../gateway/exchange-adapters/real.js';
import {
  authenticate,
  authorise,
  checkConsent,
  checkTraceability,
  createExchangePipeline,
  EXCHANGE_STEPS,
  fetchUpstream,
  parseExchangeQuery,
  resolveTarget,
  validateRequest,
  type ExchangeStep,
  type LedgerWriter,
} from '../exchange/index.js';
import { BENCH, benchEnv } from './exchange-world.js';

function send(msg: unknown): void {
  process.send!(msg);
}

/** S1: routing only — find the endpoint, call the producer, hand its body back. */
const route: ExchangeStep = async (ctx, rt) => {
  await resolveTarget(ctx, rt);
  ctx.query = parseExchangeQuery(ctx.input.rawQuery);
  ctx.traceability = { recipient: BENCH.consumer, context: '', object: '' };
  ctx.grantedScopes = [];
};
const passThrough: ExchangeStep = (ctx) => {
  ctx.data = ctx.upstream!.body;
};

const PARTIAL: Record<string, readonly ExchangeStep[]> = {
  S1: [route, fetchUpstream, passThrough],
  S2: [authenticate, route, fetchUpstream, passThrough],
  S3: [authenticate, authorise, checkTraceability, validateRequest, checkConsent, fetchUpstream, passThrough],
  S4: EXCHANGE_STEPS,
};

async function gateway(scenario: string, upstreamUrl: string, dbUrl: string, chainId: string, mode: string): Promise<void> {
  const config = loadConfig(benchEnv(dbUrl, upstreamUrl, { LEDGER_CHAIN_ID: chainId, LEDGER_MAX_BATCH: scenario === 'S6' ? '1' : '500' }));
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  const p = await openExchangeForProcess({ config, pool: db.exchangePool, clock: systemClock, logger });
  const deps: AppDeps = {
    config,
    pool: db.pool,
    exchangePool: db.exchangePool,
    logger,
    clock: systemClock,
    ledger: p.writer,
    exchangeParts: p.parts,
    connectorGovernance: p.connectorGovernance,
  };
  let services = await buildServices(deps);
  const steps = PARTIAL[scenario];
  if (steps) {
    const noLedger: LedgerWriter = { append: async () => undefined };
    const ports = createExchangePorts(deps, services, { ledger: noLedger, connectors: p.parts.connectors });
    const pipeline = createExchangePipeline(ports, exchangeSettings(config, logger), steps);
    services = { ...services, exchange: { ...services.exchange, pipeline } };
  }
  const { app, listener } = await createApp(deps, services);
  const server = createServer(mode === 'express' ? app : listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));

  let last = process.cpuUsage();
  // The measured window only (the V8 sampling profiler of --cpu-prof, through the inspector).
  const session = new Session();
  const profileStart = async () => {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  };
  const profileStop = async (file: string) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
  process.on('message', (m: { cmd: string; file?: string }) => {
    if (m.cmd === 'cpu') {
      const now = process.cpuUsage();
      send({ cpu: now.user - last.user + now.system - last.system });
      last = now;
    }
    if (m.cmd === 'ledger') send({ ledger: p.writer.stats() });
    if (m.cmd === 'profile-start') void profileStart().then(() => send({ profiling: true }));
    if (m.cmd === 'profile-stop') void profileStop(m.file!).then(() => send({ profiled: m.file }));
  });
  process.on('SIGTERM', () => process.exit(0));
  last = process.cpuUsage();
  send({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

const args = process.argv.slice(2);
await gateway(args[0]!, args[1]!, args[2]!, args[3]!, args[4] ?? 'fast');
