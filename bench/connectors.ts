/**
 * Connectors: lookups per second of the flat-file index, and the latency each connector kind
 * adds over a direct call to the same upstream (same server, same data, sequential calls):
 * REST (undici request + JSON.parse), SQL (pool.query), SOAP (the soap client's own call),
 * flat file (Map lookup). The added latency is templating, deadline, transaction/role set-up
 * (SQL), error mapping and the declarative mapping.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { request as undiciRequest } from 'undici';
import soap from 'soap';
import pg from 'pg';
import {
  DEMO_PRODUCERS,
  canonicalText,
  listDemoCompanies,
  listDemoWorldPeople,
  startDemoProducers,
  createFlatFileConnector,
  buildTaxExtract,
  type SqlConfig,
  type Connector,
  type ConnectorRequest,
  type DemoWorldPerson,
  type FlatFileConfig,
  type SoapConfig,
  type RestConfig,
} from '../connectors/index.js';
import { createTestDatabase } from '../tests/helpers/pg.js';
import type { BenchTable } from './table.js';

const N = 2000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function timeMany(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await fn(i); // warm-up
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await fn(i);
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 0.5), p99: percentile(t, 0.99) };
}

const ctx = () => ({ correlationId: randomUUID(), recipient: '21690123100011', deadline: Date.now() + 5000 });

function personParams(p: DemoWorldPerson): Record<string, unknown> {
  const [y, m, d] = p.pivot.birthdate.split('-').map(Number);
  return {
    nomNaissance: p.pivot.family_name,
    'prenoms[]': p.pivot.given_name.split(' '),
    anneeDateNaissance: y,
    moisDateNaissance: m,
    jourDateNaissance: d,
    sexeEtatCivil: p.pivot.gender === 'male' ? 'M' : 'F',
    codeCogInseePaysNaissance: p.pivot.birthcountry,
  };
}

const req = (operationId: string, params: Record<string, unknown>): ConnectorRequest => ({
  endpoint: { operationId, method: 'GET', pathTemplate: '/' },
  params,
});

/** A synthetic DGFiP extract of `count` records (the demo people, repeated under new names). */
function bigExtract(count: number): { buf: Buffer; people: DemoWorldPerson[] } {
  const base = listDemoWorldPeople().filter((p) => p.tax);
  const people: DemoWorldPerson[] = [];
  for (let i = 0; i < count; i++) {
    const p = base[i % base.length]!;
    people.push({ ...p, pivot: { ...p.pivot, family_name: `${p.pivot.family_name.slice(0, 20)}${i}` } });
  }
  return { buf: buildTaxExtract(people), people };
}

async function flatFileLookups(rows: (string | number)[][], notes: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-flat-'));
  try {
    const { buf, people } = bigExtract(100_000);
    writeFileSync(join(dir, 'rfr.dat'), buf);
    const config = { ...(DEMO_PRODUCERS.find((p) => p.key === 'dgfip')!.connector as FlatFileConfig), file: 'rfr.dat', watch: false };
    const started = Date.now();
    const c = await createFlatFileConnector(config, { baseDir: dir });
    notes.push(
      `flat file: 100 000 records (${(buf.length / 1e6).toFixed(1)} MB, Latin-1) loaded and indexed in ${Date.now() - started} ms`,
    );
    const requests = people.slice(0, 5000).map((p) => req('getSituationFiscale', personParams(p)));
    const n = 200_000;
    const context = { ...ctx(), deadline: Date.now() + 600_000 };
    for (let i = 0; i < 5000; i++) await c.fetch(requests[i % requests.length]!, context); // warm-up
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await c.fetch(requests[i % requests.length]!, context);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rows.push(['flat file: lookups/s through the port (key, lookup, mapping)', Math.round(n / seconds), '', '', '']);
    await c.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function compare(
  rows: (string | number)[][],
  kind: string,
  direct: (i: number) => Promise<unknown>,
  viaConnector: (i: number) => Promise<unknown>,
): Promise<void> {
  const d = await timeMany(N, direct);
  const c = await timeMany(N, viaConnector);
  rows.push([
    `${kind}: added latency over a direct call`,
    Number((c.p50 - d.p50).toFixed(3)),
    Number(d.p50.toFixed(3)),
    Number(c.p50.toFixed(3)),
    Number(c.p99.toFixed(3)),
  ]);
}

export async function run(): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  await flatFileLookups(rows, notes);
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'dp-bench-demo-'));
  const world = await startDemoProducers({ pool: db.pool, dataDir });
  try {
    const people = listDemoWorldPeople()
      .filter((p) => p.family && p.student)
      .slice(0, 20);
    const get = (slug: string): Connector => world.connectors.get(slug)!;

    // REST: the DINUM communes server (no auth): a plain undici request + JSON.parse vs the connector.
    const dinum = get('dinum-communes');
    const baseUrl = (world.configs.get('dinum-communes') as RestConfig).baseUrl;
    const codes = ['69123', '75056', '33063', '13055', '31555'];
    await compare(
      rows,
      'REST',
      async (i) => {
        const r = await undiciRequest(`${baseUrl}/communes/${codes[i % 5]}`);
        await r.body.json();
      },
      (i) => dinum.fetch(req('getCommune', { code: codes[i % 5] }), ctx()),
    );

    // SQL: the company register, pool.query vs the connector (READ ONLY transaction + SET ROLE + timeout).
    const sirens = listDemoCompanies().map((c) => c.siren);
    const insee = get('insee-unites-legales');
    const query = (DEMO_PRODUCERS.find((p) => p.key === 'insee')!.connector as SqlConfig).operations.getUniteLegale!.query;
    // The demo referentials live in their own database (never Datapedia's): the baseline reads it directly.
    const referentials = new pg.Pool({ connectionString: world.referentialsDsn, max: 4 });
    await compare(
      rows,
      'SQL',
      (i) => referentials.query(query, [sirens[i % sirens.length]]),
      (i) => insee.fetch(req('getUniteLegale', { siren: sirens[i % sirens.length] }), ctx()),
    );
    await referentials.end();

    // SOAP: the soap client's own call vs the connector.
    const cnous = get('cnous-statut-etudiant-boursier');
    const soapConfig = world.configs.get('cnous-statut-etudiant-boursier') as SoapConfig;
    const client = await soap.createClientAsync(soapConfig.wsdl, { endpoint: soapConfig.endpoint });
    const args = people.map((p) => ({
      nom: canonicalText(p.pivot.family_name),
      prenoms: canonicalText(p.pivot.given_name),
      dateNaissance: p.pivot.birthdate.replaceAll('-', ''),
      sexe: p.pivot.gender === 'male' ? 'M' : 'F',
    }));
    await compare(
      rows,
      'SOAP',
      (i) =>
        (client as unknown as { ConsulterDossierBoursierAsync(a: unknown): Promise<unknown> }).ConsulterDossierBoursierAsync(
          args[i % args.length],
        ),
      (i) => cnous.fetch(req('getStatutEtudiantBoursier', personParams(people[i % people.length]!)), ctx()),
    );

    // Flat file: Map.get vs the connector.
    const dgfip = get('dgfip-situation-fiscale');
    const map = new Map(people.map((p, i) => [p.pivot.family_name + i, p.tax]));
    const keys = [...map.keys()];
    await compare(
      rows,
      'flat file',
      async (i) => map.get(keys[i % keys.length]!),
      (i) => dgfip.fetch(req('getSituationFiscale', personParams(people[i % people.length]!)), ctx()),
    );
    notes.push(`${N} sequential calls per row after 50 warm-up calls, upstreams in process on 127.0.0.1; milliseconds.`);
  } finally {
    await world.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    title: 'Connectors: flat-file index throughput and added latency per kind',
    columns: ['measure', 'value (/s or ms added, p50)', 'direct p50 ms', 'connector p50 ms', 'connector p99 ms'],
    rows,
    notes,
  };
}
