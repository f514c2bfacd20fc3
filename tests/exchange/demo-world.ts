/**
 * The exchange with real parts, for end-to-end tests: the app on its own database with the demo
 * world seeded (catalogue, validated contracts), the demo producers' backends started, and the
 * group-commit ledger writer on PostgreSQL behind the exchange path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { startDemoProducers, type DemoPerson } from '../../connectors/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';

export interface DemoWorld {
  t: TestApp;
  stop(): Promise<void>;
}

export async function startDemoWorld(chainId: string, opts: { env?: Record<string, string> } = {}): Promise<DemoWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-demo-'));
  const connectors = domainConnectorRegistry();
  let writer: LedgerWriter | undefined;
  const t = await startTestApp({
    env: opts.env,
    deps: (db, clock) => {
      writer = createLedgerWriter({ pool: db.pool, chainId, clock });
      return { ledger: writer, exchangeParts: { ledger: ledgerWriterPort(writer), connectors } };
    },
  });
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  const demo = await startDemoProducers({ pool: t.db.pool, dataDir });
  // The demo contracts are approved on the system clock: the app's clock moves past their start.
  t.clock.set(new Date(Date.now() + 1000));
  for (const [slug, c] of demo.connectors) connectors.set(slug, c);
  return {
    t,
    stop: async () => {
      await writer?.close();
      await demo.stop();
      await t.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A demo person as API Particulier v3 query parameters. */
export function particulierQuery(p: DemoPerson): [string, string][] {
  const [y, m, d] = p.birthdate.split('-');
  const q: [string, string][] = [
    ['nomNaissance', p.family_name],
    ...p.given_name.split(' ').map((g): [string, string] => ['prenoms[]', g]),
    ['anneeDateNaissance', y!],
    ['moisDateNaissance', String(Number(m))],
    ['jourDateNaissance', String(Number(d))],
    ['sexeEtatCivil', p.gender === 'female' ? 'F' : 'M'],
    ['codeCogInseePaysNaissance', p.birthcountry],
  ];
  if (p.birthplace) q.push(['codeCogInseeCommuneNaissance', p.birthplace]);
  return q;
}
