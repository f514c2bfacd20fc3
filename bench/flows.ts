/**
 * Flows benchmark: durable deposits of a small dossier (2 KiB form, one 100 KiB attachment),
 * a 200 MiB attachment deposited then downloaded with the RSS growth of this process, and the
 * delivery lag (deposit called → dossier listed in the subscriber's inbox, the inbox read on
 * each NOTIFY of a new dossier). Real parts: a database of its own on the machine's server
 * (synchronous_commit as configured), the ledger writer on its own pool, the folder blob store
 * (fsync'ed) in a temporary directory. Everything is dropped at the end.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { createKeySealer, systemClock, type PersonPivot } from '../schemas/index.js';
import { createLedgerWriter } from '../ledger/index.js';
import {
  createFolderBlobStore,
  decideSubscription,
  declareProcedure,
  depositDossier,
  fetchDossier,
  listInbox,
  openAttachment,
  requestSubscription,
  type FlowsContext,
} from '../flows/index.js';
import { migrate, type Migration } from '../gateway/process/migrate.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONCURRENCY = Number(process.env.BENCH_FLOWS_CONCURRENCY ?? 32);
const OWNER = '13000600000017';
const SUBSCRIBER = '21690123100011';
const LAG_SUBSCRIBER = '21330063500017';
const PIVOT: PersonPivot = {
  family_name: 'Martin',
  given_name: 'Claire',
  birthdate: '1988-04-12',
  gender: 'female',
  birthplace: '69381',
  birthcountry: '99100',
};
const MiB = 1024 * 1024;

function flowsMigrations(): Migration[] {
  const dir = resolve('flows/migrations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, owner: 'flows', sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

function pdfHead(): Buffer {
  return Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
}

/** `size` bytes of a PDF-looking file, generated in 1 MiB chunks (never whole in memory). */
function pdfStream(size: number): Readable {
  async function* chunks() {
    const head = pdfHead();
    yield head;
    const block = randomBytes(MiB);
    for (let left = size - head.length; left > 0; left -= MiB) yield block.subarray(0, Math.min(MiB, left));
  }
  return Readable.from(chunks());
}

const percentile = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function smallDeposits(ctx: FlowsContext, ms: number): Promise<{ rate: number; n: number; p50: number; p99: number; cpuMs: number }> {
  const comment = 'x'.repeat(2048 - 60);
  const attachment = Buffer.concat([pdfHead(), randomBytes(100 * 1024 - pdfHead().length)]);
  const end = Date.now() + ms;
  const times: number[] = [];
  let i = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const k = i++;
        const s = performance.now();
        // A distinct attachment per dossier (content addressing would otherwise write it once).
        const content = Buffer.from(attachment);
        content.writeUInt32BE(k, 200);
        await depositDossier(ctx, {
          depositor: { clientId: 'bench-front-office' },
          idempotencyKey: `bench-${k}`,
          input: {
            procedureCode: 'bench',
            communeCode: '69123',
            applicant: { kind: 'person', pivot: PIVOT },
            form: { commentaire: comment, n: k },
          },
          attachments: [{ filename: 'piece.pdf', content: Readable.from([content]) }],
        });
        times.push(performance.now() - s);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    rate: (times.length * 1000) / elapsed,
    n: times.length,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    cpuMs: (cpu.user + cpu.system) / 1000 / times.length,
  };
}

/** Peak RSS growth (MiB) while `fn` runs, sampled every 20 ms. */
async function rssGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growthMiB: number; ms: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, growthMiB: (peak - base) / MiB, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

/** Deposits for a subscriber with an empty inbox; each NOTIFY triggers one read of its inbox. */
async function deliveryLag(
  ctx: FlowsContext,
  url: string,
  count: number,
): Promise<{ p50: number; p99: number; n: number; afterAnswerP99: number }> {
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  const seen = new Map<string, number>();
  let reading: Promise<void> = Promise.resolve();
  const readInbox = async () => {
    const page = await listInbox(ctx, { subscriberSiret: LAG_SUBSCRIBER, limit: 500 });
    const now = performance.now();
    for (const d of page.items) if (!seen.has(d.id)) seen.set(d.id, now);
  };
  listener.on('notification', () => {
    reading = reading.then(readInbox);
  });
  await listener.query('LISTEN datapedia_flows_inbox');
  const started = new Map<string, number>();
  const answered = new Map<string, number>();
  let k = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (k < count) {
        const i = k++;
        const s = performance.now();
        const r = await depositDossier(ctx, {
          depositor: { clientId: 'bench-lag' },
          idempotencyKey: `lag-${i}`,
          input: { procedureCode: 'bench', communeCode: '33063', applicant: { kind: 'person', pivot: PIVOT }, form: { n: i } },
        });
        started.set(r.dossierId, s);
        answered.set(r.dossierId, performance.now());
        await new Promise((x) => setTimeout(x, 5));
      }
    }),
  );
  await new Promise((x) => setTimeout(x, 300));
  await reading;
  await listener.end();
  const lags = [...started].filter(([id]) => seen.has(id)).map(([id, s]) => seen.get(id)! - s);
  // Listed before the deposit call even returned counts as 0.
  const afterAnswer = [...answered].filter(([id]) => seen.has(id)).map(([id, a]) => Math.max(0, seen.get(id)! - a));
  return { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), n: lags.length, afterAnswerP99: percentile(afterAnswer, 0.99) };
}

export async function run(): Promise<BenchTable> {
  const name = `dp_bench_flows_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = `${SERVER}/${name}`;
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  const ledgerPool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  ledgerPool.on('error', () => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-flows-'));
  const ledger = createLedgerWriter({ pool: ledgerPool, chainId: 'bench-flows', clock: systemClock });
  try {
    await migrate(pool);
    await migrate(pool, flowsMigrations());
    const ctx: FlowsContext = {
      pool,
      clock: systemClock,
      ledger,
      blobs: createFolderBlobStore(dir),
      sealer: createKeySealer('bench-sealing-secret-0123456789abcdef', 'flow-payloads'),
      subjectSecret: 'bench-subject-secret-0123456789abcdef',
    };
    await declareProcedure(ctx, {
      code: 'bench',
      title: 'Démarche du banc d’essai',
      ownerSiret: OWNER,
      routingLevel: 'commune',
      dataElements: [],
      retentionDays: 1,
      attachments: { allowed: [{ mediaType: 'application/pdf', maxBytes: 256 * MiB }], maxCount: 1 },
      formSchema: { type: 'object', properties: { commentaire: { type: 'string', maxLength: 4096 }, n: { type: 'integer' } } },
    });
    const sub = await requestSubscription(ctx, {
      procedureCode: 'bench',
      subscriberSiret: SUBSCRIBER,
      subscriberName: 'Ville de Lyon',
      territories: [{ level: 'commune', code: '69123' }],
      delivery: { mode: 'pull' },
    });
    await decideSubscription(ctx, { id: sub.id, action: 'approve', actor: { kind: 'service', id: 'bench' } });
    const lagSub = await requestSubscription(ctx, {
      procedureCode: 'bench',
      subscriberSiret: LAG_SUBSCRIBER,
      subscriberName: 'Ville de Bordeaux',
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'pull' },
    });
    await decideSubscription(ctx, { id: lagSub.id, action: 'approve', actor: { kind: 'service', id: 'bench' } });
    const { rows: sc } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');

    // The large attachment first, while the process is small: RSS growth is then not hidden by earlier peaks.
    const big = await rssGrowth(() =>
      depositDossier(ctx, {
        depositor: { clientId: 'bench-big' },
        idempotencyKey: 'big-1',
        input: { procedureCode: 'bench', communeCode: '69123', applicant: { kind: 'person', pivot: PIVOT }, form: { n: -1 } },
        attachments: [{ filename: 'gros.pdf', content: pdfStream(200 * MiB) }],
      }),
    );
    const actor = { kind: 'agent' as const, id: 'bench', organisationSiret: SUBSCRIBER };
    const down = await rssGrowth(async () => {
      await fetchDossier(ctx, { subscriberSiret: SUBSCRIBER, dossierId: big.value.dossierId, actor });
      const a = await openAttachment(ctx, { subscriberSiret: SUBSCRIBER, dossierId: big.value.dossierId, n: 1, actor });
      const h = createHash('sha256');
      let size = 0;
      for await (const c of a.stream) {
        h.update(c as Buffer);
        size += (c as Buffer).length;
      }
      return { ok: `"${h.digest('hex')}"` === a.etag, size };
    });
    const small = await smallDeposits(ctx, Number(process.env.BENCH_FLOWS_MS ?? 10_000));
    const lag = await deliveryLag(ctx, url, 300);

    const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
    return {
      title: `flows: durable deposits (synchronous_commit=${sc[0]?.synchronous_commit}, blobs fsync'ed, ${CONCURRENCY} concurrent front-office requests), large attachment, delivery lag`,
      columns: ['measure', 'value', 'target', 'met'],
      rows: [
        ['small dossier deposits (2 KiB form + 100 KiB attachment), dossiers/s', small.rate, '≥ 300', mark(small.rate >= 300)],
        ['  deposits measured', small.n, '', ''],
        ['  deposit latency p50 / p99 (ms)', `${small.p50.toFixed(1)} / ${small.p99.toFixed(1)}`, '', ''],
        ['  CPU of this process per deposit (ms; PostgreSQL excluded)', small.cpuMs, '', ''],
        ['200 MiB attachment: deposit, RSS growth (MiB)', big.growthMiB, '< 64', mark(big.growthMiB < 64)],
        ['  deposit time (s)', big.ms / 1000, '', ''],
        ['200 MiB attachment: download, RSS growth (MiB)', down.growthMiB, '< 64', mark(down.growthMiB < 64)],
        ['  downloaded digest = ETag', down.value.ok && down.value.size === 200 * MiB ? 'yes' : 'NO', 'yes', mark(down.value.ok)],
        [`delivery lag deposit → inbox p99 (ms, ${lag.n} dossiers)`, lag.p99, '≤ 100', mark(lag.p99 <= 100)],
        ['  delivery lag p50 (ms)', lag.p50, '', ''],
        ["  from the deposit's answer (201) to the inbox, p99 (ms)", lag.afterAnswerP99, '', ''],
      ],
      notes: [
        `machine load average at the end: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} (2 cores shared with other work)`,
        'the lag is measured from the deposit call (validation, routing, ledger, commit included) to the inbox read triggered by the NOTIFY of the new dossier',
      ],
    };
  } finally {
    await ledger.close().catch(() => undefined);
    await pool.end();
    await ledgerPool.end();
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
