/**
 * Catalogue benchmark: import time of the API Entreprise document
 * (`../shared/specs/api-entreprise.openapi.yaml`, ~2 MB YAML, 52 paths) and search latency
 * (p50/p95) over the imported catalogue (API Particulier + API Entreprise + the demo world).
 * Runs on a database of its own on the machine's server, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createApi, importOpenApi, prepareImport, resolveEndpoint, searchCatalog } from '../catalog/index.js';
import { migrate } from '../gateway/process/migrate.js';
import { seedDemoOrganisations } from '../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../gateway/demo/catalog.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const SPECS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'specs');
const QUERIES = [
  'quotient familial',
  'revenu fiscal',
  'échelon bourse',
  'siren',
  'attestation fiscale',
  'adresse',
  'effectifs',
  'entreprise',
  'etudiant',
  'commune',
  'urssaf',
  'bilans',
  'identite',
  'statut',
  'association',
  'chomage',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_catalog_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 8 });
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    await migrate(pool);
    await seedDemoOrganisations(pool);
    await seedDemoCatalog(pool, pino({ level: 'silent' }));
    if (existsSync(join(SPECS, 'api-entreprise.openapi.yaml'))) {
      for (const [slug, file] of [
        ['api-particulier', 'api-particulier.openapi.yaml'],
        ['api-entreprise', 'api-entreprise.openapi.yaml'],
      ] as const) {
        const text = readFileSync(join(SPECS, file), 'utf8');
        await createApi(pool, {
          slug,
          producerSiret: '13000600000017',
          title: slug,
          access: 'restricted',
          sensitivity: 'sensitive',
          subjectKind: slug === 'api-entreprise' ? 'company' : 'person',
          consentPolicy: 'legal_basis',
        });
        await pool.query(`UPDATE catalog_apis SET lifecycle = 'published' WHERE slug = $1`, [slug]);
        const [, prepareMs] = await timeIt(() => prepareImport(text));
        const [r, importMs] = await timeIt(() => importOpenApi(pool, slug, text));
        const [, reimportMs] = await timeIt(() => importOpenApi(pool, slug, text));
        rows.push([`import ${file} (${(text.length / 1e6).toFixed(1)} MB, ${r.endpoints} endpoints)`, 'ms', Math.round(importMs)]);
        rows.push(['  parse + validate + dereference alone (worker thread, incl. its start)', 'ms', Math.round(prepareMs)]);
        rows.push([`  re-import (new version + diff)`, 'ms', Math.round(reimportMs)]);
      }
    } else {
      notes.push(`${SPECS} absent: real documents not imported (search runs over the demo world only)`);
    }
    const {
      rows: [count],
    } = await pool.query<{ apis: number; endpoints: number; elements: number }>(
      'SELECT (SELECT count(*) FROM catalog_apis)::int AS apis, (SELECT count(*) FROM catalog_endpoints)::int AS endpoints, (SELECT count(*) FROM catalog_data_elements)::int AS elements',
    );
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) for (const q of QUERIES) samples.push((await timeIt(() => searchCatalog(pool, { q })))[1]);
    samples.sort((a, b) => a - b);
    rows.push([
      `search (${count!.apis} APIs, ${count!.endpoints} endpoints, ${count!.elements} data elements), ${samples.length} queries`,
      'p50 ms',
      percentile(samples, 50),
    ]);
    rows.push(['search', 'p95 ms', percentile(samples, 95)]);
    const resolves: number[] = [];
    await resolveEndpoint(pool, 'api-entreprise', 'GET', '/v3/insee/sirene/unites_legales/418166096');
    for (let i = 0; i < 20_000; i++)
      resolves.push(
        (await timeIt(() => resolveEndpoint(pool, 'api-entreprise', 'GET', `/v3/insee/sirene/unites_legales/${418166096 + i}`)))[1],
      );
    resolves.sort((a, b) => a - b);
    rows.push(['resolveEndpoint (cached, 52 templates)', 'p50 µs', Math.round(percentile(resolves, 50) * 1000)]);
    rows.push(['resolveEndpoint (cached)', 'p95 µs', Math.round(percentile(resolves, 95) * 1000)]);
    notes.push(
      'Import runs in a worker thread (the event loop stays free); search = PostgreSQL full text, configuration fr_unaccent, GIN indexes.',
    );
    return { title: 'OpenAPI import and catalogue search', columns: ['measure', 'unit', 'value'], rows, notes };
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
