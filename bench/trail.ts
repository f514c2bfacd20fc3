/**
 * Citizen trail benchmark: 1,000,000 events written straight into the
 * ledger table of a bench database (INSERT … SELECT generate_series: the hash chain is not
 * meaningful, the query plans are), then the latency of `GET /v1/me/exchanges` and the render
 * time of `/moi` for a logged-in test citizen, over real HTTP on the in-process app.
 * Distribution: 10,000 other subjects share the events; the bench citizen has BENCH_TRAIL_MINE
 * (default 5,000) of them — a heavy user — across the five demo consumers.
 * BENCH_TRAIL_EVENTS overrides the total (default 1,000,000).
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { AppDeps } from '../gateway/deps.js';
import { seedDemoOrganisations } from '../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../gateway/demo/catalog.js';
import { systemClock, subjectRef } from '../schemas/index.js';
import { findTestAccount, type TestCitizen } from '../gateway/demo/test-accounts.js';
import { createLedgerWriter } from '../ledger/index.js';
import { composeApp, testConfig } from '../tests/helpers/app.js';
import { createTestDatabase } from '../tests/helpers/pg.js';
import { loginAs } from '../tests/helpers/login.js';
import type { BenchTable } from './table.js';

const TOTAL = Number(process.env.BENCH_TRAIL_EVENTS ?? 1_000_000);
const MINE = Number(process.env.BENCH_TRAIL_MINE ?? 5_000);
const CONSUMERS = ['21690123100011', '22330001300016', '18000700700016', '13000400500018', '13000600000017'];

/** Inserts `n` events spread over the subjects, one every `stepSeconds` back from now, in chunks. */
async function generate(pool: import('pg').Pool, n: number, subjects: string[], chain: string, stepSeconds: number): Promise<void> {
  const CHUNK = 100_000;
  for (let from = 0; from < n; from += CHUNK) {
    const count = Math.min(CHUNK, n - from);
    await pool.query(
      `INSERT INTO ledger_events (chain_id, seq, prev_hash, hash, id, type, occurred_at, recorded_at, consumer_siret, client_id, contract_id, contract_version,
         producer_siret, api_slug, endpoint, fields, data_elements, subject_ref, subject_kind, recipient, context, object, legal_basis, outcome, problem_code, status, latency_ms)
       SELECT $1, $2::bigint + g, encode(sha256(('p' || g)::bytea), 'hex'), encode(sha256(('h' || $1 || g)::bytea), 'hex'), gen_random_uuid(),
         CASE WHEN g % 10 = 0 THEN 'exchange.denied' ELSE 'exchange.served' END,
         now() - make_interval(secs => ($2::bigint + g) * $6::double precision), now(), c.siret, 'bench-client', 'bench-contract', 1,
         '18000100000017', 'cnaf-quotient-familial', 'getQuotientFamilial',
         CASE WHEN g % 10 = 0 THEN NULL ELSE ARRAY['/quotient_familial/valeur', '/quotient_familial/annee'] END,
         CASE WHEN g % 10 = 0 THEN NULL ELSE ARRAY['quotient_familial', 'quotient_familial_annee'] END,
         ($3::text[])[1 + (g * 7919) % array_length($3::text[], 1)], 'person', c.siret, 'Tarification cantine', 'Dossier ' || g,
         '{"nature": "Article L. 312-1 CRPA", "url": null}'::jsonb,
         CASE WHEN g % 10 = 0 THEN 'denied' ELSE 'served' END, CASE WHEN g % 10 = 0 THEN 'client.consent_missing' END,
         CASE WHEN g % 10 = 0 THEN 403 ELSE 200 END, 12
       FROM generate_series(1, $4::bigint) AS g
       CROSS JOIN LATERAL (SELECT ($5::text[])[1 + g % 5] AS siret) c`,
      [chain, from, subjects, count, CONSUMERS, stepSeconds],
    );
  }
}

function stats(times: number[]): { p50: number; p95: number; p99: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function timeGets(url: string, cookie: string, n: number): Promise<{ p50: number; p95: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    times.push(performance.now() - t0);
    bytes = body.length;
  }
  return { ...stats(times), bytes };
}

export async function run(): Promise<BenchTable> {
  const db = await createTestDatabase();
  const server = createServer();
  try {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = testConfig({ PUBLIC_URL: base });
    const logger = pino({ level: 'silent' });
    await seedDemoOrganisations(db.pool);
    await seedDemoCatalog(db.pool, logger);
    const me = findTestAccount('citoyen-1') as TestCitizen;
    const mine = subjectRef(config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot: me.pivot });
    const others = Array.from({ length: 10_000 }, (_, i) => createHash('sha256').update(`bench-subject-${i}`).digest('hex'));
    const t0 = performance.now();
    await generate(db.pool, TOTAL - MINE, others, 'bench-others', (365 * 86_400) / TOTAL);
    await generate(db.pool, MINE, [mine], 'bench-mine', (365 * 86_400) / MINE); // a year of the citizen's life
    await db.pool.query('ANALYZE ledger_events');
    const genSeconds = (performance.now() - t0) / 1000;
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_events');

    const deps: AppDeps = {
      config,
      pool: db.pool,
      logger,
      clock: systemClock,
      ledger: createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'bench-trail' }),
    };
    const app = await composeApp(deps);
    server.on('request', app.app);
    try {
      const login = await loginAs({ app: app.app, deps }, 'citoyen-1');
      const page1 = (await (await fetch(`${base}/v1/me/exchanges?limit=50`, { headers: { cookie: login.cookie } })).json()) as {
        nextCursor: string;
      };
      let deep = page1.nextCursor;
      for (let i = 0; i < 20; i++)
        deep = (
          (await (
            await fetch(`${base}/v1/me/exchanges?limit=50&cursor=${encodeURIComponent(deep)}`, { headers: { cookie: login.cookie } })
          ).json()) as { nextCursor: string }
        ).nextCursor;
      const N = 200;
      await timeGets(`${base}/v1/me/exchanges?limit=50`, login.cookie, 20); // warm-up
      const cases: [string, string, number][] = [
        ['GET /v1/me/exchanges (50, first page)', '/v1/me/exchanges?limit=50', N],
        ['GET /v1/me/exchanges (50, page 22 by cursor)', `/v1/me/exchanges?limit=50&cursor=${encodeURIComponent(deep)}`, N],
        ['GET /v1/me/exchanges (filter: one administration)', `/v1/me/exchanges?limit=50&administration=${CONSUMERS[1]}`, N],
        ['GET /v1/me/exchanges (filter: one day, last week)', `/v1/me/exchanges?limit=50&du=${day(-7)}&au=${day(-7)}`, N],
        ['GET /moi (render, 50 exchanges)', '/moi', N],
        ['GET /v1/me/exchanges/export?format=csv (all mine)', '/v1/me/exchanges/export?format=csv', 10],
      ];
      const out: (string | number)[][] = [];
      for (const [name, path, n] of cases) {
        const s = await timeGets(`${base}${path}`, login.cookie, n);
        out.push([name, n, s.p50, s.p95, s.p99, Math.round(s.bytes / 1024)]);
      }
      return {
        title: `Citizen trail over ${Number(rows[0]!.n).toLocaleString('en')} ledger events (${MINE.toLocaleString('en')} about the citizen)`,
        columns: ['request', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'body KiB'],
        rows: out,
        notes: [
          `events generated in ${genSeconds.toFixed(1)} s (INSERT … SELECT into ledger_events, then ANALYZE)`,
          'sequential requests over real HTTP (keep-alive fetch) on the in-process app; session cookie of a test citizen',
          'target: p95 < 200 ms for a trail page and for /moi',
        ],
      };
    } finally {
      await app.close();
    }
  } finally {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    await db.drop();
  }
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
