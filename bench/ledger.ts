/**
 * Ledger benchmark: the writer alone, durable (synchronous_commit on), with group commit vs one
 * INSERT per event, and with the Merkle frontier and signed checkpoints vs without; the verifier
 * over ≥ 200,000 events (hashes, links, Merkle roots, checkpoints); proofs (build, check, size);
 * a witness round trip; archive + purge throughput. Runs on a database of its own on the
 * machine's server, dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, manualClock } from '../schemas/index.js';
import {
  createLedgerWriter,
  verifyLedger,
  loadLedgerSigner,
  createCheckpoint,
  listExchanges,
  listLedgerKeys,
  buildProof,
  verifyProof,
  startWitnessServer,
  createWitnessClient,
  runRetention,
  retentionFromDays,
  type LedgerEventInput,
  type ExchangeParty,
  type CheckpointSigner,
} from '../ledger/index.js';
import { migrate } from '../gateway/process/migrate.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** Concurrent appenders (requests in flight); BENCH_LEDGER_CONCURRENCY overrides. */
const CONCURRENCY = Number(process.env.BENCH_LEDGER_CONCURRENCY ?? 256);

function event(i: number): LedgerEventInput {
  return {
    id: randomUUID(),
    type: 'exchange.served',
    occurredAt: new Date(),
    consumerSiret: '21690123100011',
    clientId: 'bench-client',
    contractId: 'bench-contract',
    contractVersion: 1,
    producerSiret: '18000100000017',
    apiSlug: 'cnaf-quotient-familial',
    endpoint: 'getQuotientFamilial',
    fields: ['/quotient_familial/valeur', '/quotient_familial/annee'],
    dataElements: ['quotient_familial'],
    subjectRef: randomBytes(32).toString('hex'),
    subjectKind: 'person',
    recipient: '21690123100011',
    context: 'Bench',
    object: `Dossier ${i}`,
    legalBasis: { nature: 'Loi', url: null },
    outcome: 'served',
    status: 200,
    latencyMs: 3,
    bodySha256: randomBytes(32).toString('hex'),
  };
}

/** `CONCURRENCY` request-like loops appending for `ms` milliseconds; events/s committed. */
async function appendFor(
  pool: pg.Pool,
  chainId: string,
  maxBatch: number,
  ms: number,
  signer?: CheckpointSigner,
): Promise<{ rate: number; n: number; batches: number }> {
  const w = createLedgerWriter({
    pool,
    chainId,
    clock: systemClock,
    maxBatch,
    maxQueue: 100_000,
    signer,
    checkpointEvery: { events: 10_000, ms: 10_000 },
  });
  const end = Date.now() + ms;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        await w.append(event(n));
        n += 1;
      }
    }),
  );
  const elapsed = performance.now() - t0;
  await w.close();
  return { rate: (n * 1000) / elapsed, n, batches: w.stats().batches };
}

async function fill(pool: pg.Pool, chainId: string, total: number, signer?: CheckpointSigner, clock = systemClock): Promise<string[]> {
  const w = createLedgerWriter({
    pool,
    chainId,
    clock,
    maxBatch: 1000,
    maxQueue: 200_000,
    signer,
    checkpointEvery: { events: 20_000, ms: 60_000 },
  });
  const ids: string[] = [];
  for (let i = 0; i < total; i += 20_000) {
    const done = await Promise.all(Array.from({ length: Math.min(20_000, total - i) }, (_, j) => w.append(event(i + j))));
    if (i === 0) ids.push(...done.filter((_, k) => k % 200 === 0).map((e) => e.id));
  }
  await w.close();
  return ids;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median latency (ms) of fetching the first page then the next one by cursor, 30 times. */
async function pageLatency(pool: pg.Pool, party: ExchangeParty): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const first = await listExchanges(pool, party, { limit: 50 });
    if (first.nextCursor) await listExchanges(pool, party, { limit: 50, cursor: first.nextCursor });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[15]!;
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_ledger_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = new pg.Pool({ connectionString: `${SERVER}/${name}`, max: 8 });
  pool.on('error', () => undefined); // connections ended by the final DROP DATABASE ... WITH (FORCE)
  try {
    await migrate(pool);
    const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    const signer = await loadLedgerSigner(pool);
    const pinned = await listLedgerKeys(pool);
    // Plain and Merkle writers interleaved (three rounds of 3 s each, medians): the machine's load
    // moves between windows. Each plain chain is signed before the next Merkle run (not timed),
    // since a checkpoint also extends the other open chains.
    const plainRuns: Awaited<ReturnType<typeof appendFor>>[] = [];
    const merkleRuns: Awaited<ReturnType<typeof appendFor>>[] = [];
    for (let r = 0; r < 3; r++) {
      plainRuns.push(await appendFor(pool, `bench-group-${r}`, 1000, 3000));
      await createCheckpoint(pool, signer, systemClock);
      merkleRuns.push(await appendFor(pool, `bench-merkle-${r}`, 1000, 3000, signer));
    }
    const byRate = (xs: typeof plainRuns) => [...xs].sort((a, b) => a.rate - b.rate)[1]!;
    const group = byRate(plainRuns);
    const merkle = byRate(merkleRuns);
    const single = await appendFor(pool, 'bench-single', 1, 5000);
    const have = [...plainRuns, ...merkleRuns].reduce((n, r) => n + r.n, 0) + single.n;
    const target = 200_000;
    // The archived part: two years old, so that the retention job purges it.
    const oldIds = await fill(
      pool,
      'bench-old',
      Math.max(100_000, target - have),
      signer,
      manualClock(new Date(Date.now() - 2 * 365 * 86_400_000)),
    );
    await createCheckpoint(pool, signer, systemClock);
    const cpu0 = process.cpuUsage();
    const report = await verifyLedger(pool, { pinnedKeys: pinned });
    const cpu = process.cpuUsage(cpu0);
    const perCpuSecond = report.events / ((cpu.user + cpu.system) / 1e6);
    const { rows: load } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active'`);
    const ratio = group.rate / single.rate;
    await pool.query('ANALYZE ledger_events');
    const { rows: sample } = await pool.query<{ subject_ref: string }>(
      'SELECT subject_ref FROM ledger_events WHERE subject_ref IS NOT NULL LIMIT 1 OFFSET 1000',
    );
    const consumerMs = await pageLatency(pool, { consumerSiret: '21690123100011' });
    const subjectMs = await pageLatency(pool, { subjectRefs: [sample[0]!.subject_ref] });
    // Proofs: build (database) and check (offline) for events spread over a 100k+ chain.
    const buildMs: number[] = [];
    const checkMs: number[] = [];
    let proofSize = 0;
    let pathSize = 0;
    for (const id of oldIds) {
      let t = performance.now();
      const proof = await buildProof(pool, id);
      buildMs.push(performance.now() - t);
      t = performance.now();
      if (!(await verifyProof(proof, { trustedKeys: pinned })).ok) throw new Error('proof does not verify');
      checkMs.push(performance.now() - t);
      proofSize = Math.max(proofSize, JSON.stringify(proof).length);
      pathSize = Math.max(pathSize, JSON.stringify(proof.inclusion).length);
    }
    // Witness round trip: checkpoint + consistency proofs -> co-signature stored.
    const dir = await mkdtemp(join(tmpdir(), 'dp-bench-ledger-'));
    const witness = await startWitnessServer({
      name: 'bench',
      port: 0,
      statePath: join(dir, 'w.json'),
      keyPath: join(dir, 'w.key'),
      logKeys: pinned,
    });
    const client = createWitnessClient({ pool, witnesses: [{ name: 'bench', url: witness.url, key: witness.witness.publicKey }] });
    const roundMs: number[] = [];
    const w = createLedgerWriter({ pool, chainId: 'bench-witness', clock: systemClock, signer });
    for (let i = 0; i < 20; i++) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => w.append(event(j))));
      const cp = await w.checkpointNow();
      const t = performance.now();
      const r = await client.submit(cp!);
      if (!r[0]!.ok) throw new Error(`witness: ${r[0]!.error}`);
      roundMs.push(performance.now() - t);
    }
    // Archive + purge of the two-year-old chain, then verify again.
    const t0 = performance.now();
    const purged = await runRetention({
      pool,
      writer: w,
      clock: systemClock,
      archiveDir: join(dir, 'archives'),
      platform: retentionFromDays(180, 365),
      trustedKeys: pinned,
    });
    const archiveMs = performance.now() - t0;
    await w.close();
    await witness.close();
    await rm(dir, { recursive: true, force: true });
    const archived = purged.reduce((n, p) => n + p.deleted, 0);
    const after = await verifyLedger(pool, { pinnedKeys: pinned });
    const merkleRatio = merkle.rate / group.rate;
    return {
      title: `ledger writer (durable, synchronous_commit=${rows[0]?.synchronous_commit}, ${CONCURRENCY} concurrent appenders) and verifier`,
      columns: ['measure', 'value', 'target', 'met'],
      rows: [
        ['writer, group commit (events/s, median of 3)', group.rate, '≥ 10,000', group.rate >= 10_000 ? 'yes' : 'NO'],
        ['  mean batch size', group.n / group.batches, '', ''],
        [
          'writer, group commit + Merkle frontier + signed checkpoints (events/s, median of 3)',
          merkle.rate,
          '≥ 90 % of plain',
          merkleRatio >= 0.9 ? 'yes' : 'NO',
        ],
        ['  with Merkle / plain', merkleRatio, '≥ 0.90', merkleRatio >= 0.9 ? 'yes' : 'NO'],
        ['writer, one INSERT per event (events/s)', single.rate, '', ''],
        ['group / per-event ratio', ratio, '≥ 5×', ratio >= 5 ? 'yes' : 'NO'],
        [
          `verifier over ${report.events} events, roots and checkpoints included (events/s)`,
          report.eventsPerSecond,
          '≥ 200,000',
          report.eventsPerSecond >= 200_000 ? 'yes' : 'NO',
        ],
        ['proof of one event: build (ms, median)', median(buildMs), '≤ 5', median(buildMs) <= 5 ? 'yes' : 'NO'],
        ['proof of one event: offline check (ms, median)', median(checkMs), '', ''],
        [
          'proof bundle, largest (bytes): whole / inclusion proof',
          `${proofSize} / ${pathSize}`,
          'proof ≤ 2,048',
          pathSize <= 2048 ? 'yes' : 'NO',
        ],
        ['witness round trip (ms, median of 20)', median(roundMs), '', ''],
        [
          `archive + verify package + purge of ${archived} events (events/s)`,
          (archived * 1000) / archiveMs,
          '1M in ≤ 60 s',
          archived > 0 && (archived * 1000) / archiveMs >= 1_000_000 / 60 ? 'yes' : 'NO',
        ],
        ['verifier after the purge', after.ok ? 'ok' : `BROKEN ${after.breakCount}`, 'ok', after.ok ? 'yes' : 'NO'],
        [`trail: consumer, 2 pages of 50 over ${report.events} rows (ms, median)`, consumerMs, '< 50', consumerMs < 50 ? 'yes' : 'NO'],
        ['trail: subject, 2 pages of 50 (ms, median)', subjectMs, '< 50', subjectMs < 50 ? 'yes' : 'NO'],
        ['verifier, events per CPU-second of this process', perCpuSecond, '', ''],
        ['verifier result', report.ok ? 'ok' : `BROKEN ${report.breakCount}`, 'ok', report.ok ? 'yes' : 'NO'],
      ],
      notes: [
        `machine load average at the end: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} (2 cores shared with other work; ${load[0]?.n} active PostgreSQL sessions)`,
        `verify took ${(report.elapsedMs / 1000).toFixed(2)} s for ${report.events} events in ${report.chains.length} chains, ${report.checkpoints} checkpoint(s)`,
        'measured before Merkle roots and chained checkpoints, same machine and load class: writer group commit 6,606 events/s, verifier 74,467 events/s (200,000 events)',
      ],
    };
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
