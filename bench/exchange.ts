/**
 * Exchange benchmark: what each stage of the exchange path costs, on loopback, on production code
 * (bench/exchange-child.ts: the gateway of `datapedia start` over a PostgreSQL database seeded like
 * the demo, bench/exchange-world.ts), against the proxies people deploy instead, in the same run:
 *   S0 upstream direct · nginx `proxy_pass` with an access log (the Debian package, started here
 *   with a config of its own; skipped when absent) · a minimal node:http + undici Pool proxy that
 *   parses and re-serialises the JSON (bench/exchange-proxy.ts) ·
 *   S1 gateway routing only · S2 + token verification · S3 + contract, scope, traceability,
 *   parameters, consent, shared rate limit · S4 + minimisation and response check · S5 + ledger
 *   with group commit (the real path, untouched) · S6 + ledger with one INSERT per event ·
 *   "via express" rows: the same S1 and S5 with every request handed to express (the choice).
 * Then S5 on two gateway processes (same database, one ledger chain each), a fixed 300 req/s run
 * comparing S5 with S0 latency, the ledger check (exactly one event per S5 response), and the
 * ledger's batch-size histogram. The load generator (autocannon) runs here, on the same cores.
 * Env: BENCH_DURATION (s, default 8), BENCH_ROUNDS (2), BENCH_CONNECTIONS (32), BENCH_PG_URL,
 * BENCH_PROFILE (a folder: CPU profiles of the S1 and S5 gateways during their first measured
 * run, V8's sampling profiler as --cpu-prof uses it; summarise them with
 * `node bin/run-ts.mjs bench/profile-summary.ts <folder>`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { request as undiciRequest } from 'undici';
import { migrate } from '../gateway/process/migrate.js';
import { BENCH, seedBenchWorld } from './exchange-world.js';
import type { BenchTable } from './table.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PROFILE = process.env.BENCH_PROFILE;
/** BENCH_ONLY=S1,S5: only those gateway scenarios (and no scale-out or fixed-rate run unless named: `x2`, `fixed`). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const wants = (s: string) => !ONLY || ONLY.includes(s);
const FILES = {
  gateway: fileURLToPath(new URL('./exchange-child.ts', import.meta.url)),
  upstream: fileURLToPath(new URL('./exchange-upstream.ts', import.meta.url)),
  proxy: fileURLToPath(new URL('./exchange-proxy.ts', import.meta.url)),
};
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

interface Child {
  proc: ChildProcess;
  url: string;
  cpu(): Promise<number>;
  ask<T>(cmd: string, key: string, extra?: object): Promise<T>;
  stop(): Promise<void>;
}

function startChild(kind: keyof typeof FILES, args: string[], opts: { log?: string } = {}): Promise<Child> {
  const flags = ['--import', 'tsx'];
  const out = opts.log ? openSync(opts.log, 'a') : 'ignore';
  const proc = spawn(process.execPath, [...flags, FILES[kind], ...args], { stdio: ['ignore', out, 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`bench child ${kind} exited ${code}`)));
    proc.once('message', (m: { url: string }) => {
      proc.removeAllListeners('exit');
      const ask = <T>(cmd: string, key: string, extra: object = {}) =>
        new Promise<T>((r) => {
          const on = (x: Record<string, unknown>) => {
            if (key in x) {
              proc.off('message', on);
              r(x[key] as T);
            }
          };
          proc.on('message', on);
          proc.send({ cmd, ...extra });
        });
      resolve({
        proc,
        url: m.url,
        ask,
        cpu: () => ask<number>('cpu', 'cpu'),
        stop: () =>
          new Promise((r) => {
            if (proc.exitCode !== null) return r();
            const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
            proc.once('exit', () => {
              clearTimeout(kill);
              r();
            });
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** nginx as a reverse proxy with an access log (combined format, buffered as by default), in a folder of its own. */
async function startNginx(upstreamUrl: string): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (!NGINX) return null;
  const prefix = mkdtempSync(join(tmpdir(), 'dp-bench-nginx-'));
  const port = await freePort();
  const up = new URL(upstreamUrl);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `
worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log ${prefix}/access.log combined;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream producer { server ${up.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /exchange/${BENCH.entry.api.slug}/ {
      proxy_pass http://producer/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const proc = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null)
      throw new Error(`nginx exited ${proc.exitCode} (${readFileSync(join(prefix, 'error.log'), 'utf8').slice(-500)})`);
    const ok = await undiciRequest(`${url}${BENCH.path}`).then(
      async (r) => {
        await r.body.dump();
        return r.statusCode === 200;
      },
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((r) => {
        if (proc.exitCode !== null) {
          rmSync(prefix, { recursive: true, force: true });
          return r();
        }
        proc.once('exit', () => {
          rmSync(prefix, { recursive: true, force: true });
          r();
        });
        proc.kill('SIGQUIT');
      }),
  };
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  total: number;
  loaderUs: number;
}

async function load(
  url: string,
  token: string | undefined,
  seconds: number,
  opts: { rate?: number; connections?: number } = {},
): Promise<Load> {
  const c0 = process.cpuUsage();
  const r = await autocannon({
    url,
    duration: seconds,
    connections: opts.connections ?? CONNECTIONS,
    pipelining: 1,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const c = process.cpuUsage(c0);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    bad: r.non2xx + r.errors + r.timeouts,
    total: r['2xx'] + r.non2xx,
    loaderUs: c.user + c.system,
  };
}

/** A token from the gateway's own `/oauth/token` (client credentials of the seeded client). */
async function tokenFrom(gw: Child): Promise<string> {
  const res = await undiciRequest(`${gw.url}/oauth/token`, {
    method: 'POST',
    body: 'grant_type=client_credentials',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${BENCH.client.clientId}:${BENCH.client.secret}`).toString('base64')}`,
    },
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (res.statusCode !== 200 || !body.access_token) throw new Error(`token: ${res.statusCode} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** `n` requests at concurrency 16 through the gateway; their X-Request-IDs (all must be 200). */
async function sampleIds(url: string, token: string, n: number): Promise<{ ids: string[]; failures: number }> {
  const ids: string[] = [];
  let failures = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        next += 1;
        const res = await undiciRequest(`${url}${BENCH.path}`, { headers: { authorization: `Bearer ${token}` } });
        await res.body.dump();
        if (res.statusCode === 200) ids.push(String(res.headers['x-request-id']));
        else failures += 1;
      }
    }),
  );
  return { ids, failures };
}

/** `n` requests one after the other, 3 ms apart: p50 and p99 in ms (sub-millisecond resolution). */
async function sequential(url: string, token: string | undefined, n: number): Promise<{ p50: number; p99: number }> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await undiciRequest(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await res.body.dump();
    lat.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 3));
  }
  lat.sort((a, b) => a - b);
  return { p50: lat[Math.floor(n * 0.5)]!, p99: lat[Math.floor(n * 0.99)]! };
}

type Row = Load & { cpuUs: number };
interface LedgerStats {
  batches: number;
  appended: number;
  largestBatch: number;
  batchSizes?: Record<string, number>;
}

export async function run(): Promise<BenchTable> {
  const started = Date.now();
  const load0 = loadavg();
  const name = `dp_bench_exchange_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = `${SERVER}/${name}`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const logDir = mkdtempSync(join(tmpdir(), 'dp-bench-exchange-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    await migrate(pool);
    if (PROFILE) mkdirSync(PROFILE, { recursive: true });
    const upstream = await startChild('upstream', []);
    stops.push(upstream.stop);
    await seedBenchWorld(pool, upstream.url);
    const nginx = await startNginx(upstream.url).catch((err: unknown) => {
      console.error(`nginx not measured: ${String(err)}`);
      return null;
    });
    if (nginx) stops.push(nginx.stop);
    else if (!NGINX) console.error('nginx not found (/usr/sbin/nginx): the nginx row is skipped');
    const proxy = await startChild('proxy', [upstream.url]);
    stops.push(proxy.stop);

    const results: Record<string, Row[]> = {};
    const ledgerChecks: string[] = [];
    const histogram: Record<string, number> = {};
    const batchTotals = { batches: 0, events: 0, largest: 0 };
    let token = '';
    let chainN = 0;
    const gateway = async (s: string, mode: 'fast' | 'express') => {
      const chainId = `bench-${s}-${mode}-${++chainN}-${randomBytes(3).toString('hex')}`;
      const gw = await startChild('gateway', [s, upstream.url, dbUrl, chainId, mode], { log: join(logDir, 'gateway.log') });
      stops.push(gw.stop);
      token ||= await tokenFrom(gw);
      return { gw, chainId };
    };
    const stop = async (gw: Child) => {
      await gw.stop();
      stops.splice(stops.indexOf(gw.stop), 1);
    };
    const measure = async (key: string, url: string, tok: string | undefined, cpu?: () => Promise<number>, profile?: Child) => {
      await load(url, tok, 2);
      await cpu?.();
      if (profile) await profile.ask('profile-start', 'profiling');
      const r = await load(url, tok, DURATION);
      const used = cpu ? await cpu() : NaN;
      if (profile) await profile.ask('profile-stop', 'profiled', { file: join(PROFILE!, `${key.replace(/ /g, '-')}.cpuprofile`) });
      (results[key] ??= []).push({ ...r, cpuUs: used / Math.max(1, r.total) });
      return r;
    };

    for (let round = 1; round <= ROUNDS; round++) {
      if (wants('refs')) {
        await measure('S0', `${upstream.url}${BENCH.upstreamPath}`, undefined, upstream.cpu);
        if (nginx) await measure('nginx', `${nginx.url}${BENCH.path}`, undefined);
        await measure('node', `${proxy.url}${BENCH.path}`, undefined, proxy.cpu);
      }
      for (const [s, mode] of [
        ['S1', 'express'],
        ['S1', 'fast'],
        ['S2', 'fast'],
        ['S3', 'fast'],
        ['S4', 'fast'],
        ['S5', 'express'],
        ['S5', 'fast'],
        ['S6', 'fast'],
      ] as const) {
        if (!wants(s) && !wants(`${s}-${mode}`)) continue;
        const { gw, chainId } = await gateway(s, mode);
        const key = mode === 'express' ? `${s} via express` : s;
        const profiled = PROFILE && round === 1 && (s === 'S1' || s === 'S5') ? gw : undefined;
        const r = await measure(key, `${gw.url}${BENCH.path}`, token, gw.cpu, profiled);
        if (s === 'S5' && mode === 'fast') {
          await new Promise((res) => setTimeout(res, 300));
          const sample = await sampleIds(gw.url, token, 2000);
          const { rows: exact } = await pool.query<{ n: number; distinct_ids: number }>(
            'SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM ledger_events WHERE id = ANY($1::uuid[])',
            [sample.ids],
          );
          const { rows: all } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_events WHERE chain_id = $1', [
            chainId,
          ]);
          const responses = r.ok + sample.ids.length;
          ledgerChecks.push(
            `round ${round}: ${sample.ids.length} sampled S5 responses -> ${exact[0]!.n} events (${exact[0]!.distinct_ids} distinct) ${exact[0]!.n === sample.ids.length && sample.failures === 0 ? 'OK' : 'MISMATCH'}; ` +
              `chain holds ${all[0]!.n} events for ${responses} 2xx of the measured run and the sample (+ the 2 s warm-up, and requests in flight when a run stopped: their events exist, their responses were dropped by the load generator)`,
          );
          const st = await gw.ask<LedgerStats>('ledger', 'ledger');
          for (const [k, v] of Object.entries(st.batchSizes ?? {})) histogram[k] = (histogram[k] ?? 0) + v;
          batchTotals.batches += st.batches;
          batchTotals.events += st.appended;
          batchTotals.largest = Math.max(batchTotals.largest, st.largestBatch);
        }
        await stop(gw);
      }
    }

    // Scale-out: S5 on two gateway processes, same database, one chain each; the connections split between them.
    const pair = wants('x2') ? [await gateway('S5', 'fast'), await gateway('S5', 'fast')] : [];
    await Promise.all(pair.map(({ gw }) => load(`${gw.url}${BENCH.path}`, token, 2, { connections: CONNECTIONS / 2 })));
    // The baseline right before, on one of the two (the machine's load drifts over minutes).
    const single = pair.length ? await load(`${pair[0]!.gw.url}${BENCH.path}`, token, DURATION) : undefined;
    await Promise.all(pair.map(({ gw }) => gw.cpu()));
    const cpuStart = process.cpuUsage();
    const t0 = performance.now();
    const both = await Promise.all(pair.map(({ gw }) => load(`${gw.url}${BENCH.path}`, token, DURATION, { connections: CONNECTIONS / 2 })));
    while (both.length < 2) both.push({ rps: NaN, p50: NaN, p99: NaN, ok: 0, bad: 0, total: 0, loaderUs: 0 });
    const wall = (performance.now() - t0) * 1000;
    const loaderShare = (process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / wall;
    const gwCpu = await Promise.all(pair.map(({ gw }) => gw.cpu()));
    for (const { gw } of pair) await stop(gw);
    const twoRps = both[0]!.rps + both[1]!.rps;
    const twoTotal = both[0]!.total + both[1]!.total;
    if (pair.length)
      results['S5 × 2 gateways'] = [
        {
          rps: twoRps,
          p50: (both[0]!.p50 + both[1]!.p50) / 2,
          p99: Math.max(both[0]!.p99, both[1]!.p99),
          ok: both[0]!.ok + both[1]!.ok,
          bad: both[0]!.bad + both[1]!.bad,
          total: twoTotal,
          loaderUs: both[0]!.loaderUs,
          cpuUs: (gwCpu[0]! + gwCpu[1]!) / Math.max(1, twoTotal),
        },
      ];

    // Fixed rate: what the full path adds to latency at 300 req/s.
    const nan: Load = { rps: NaN, p50: NaN, p99: NaN, ok: 0, bad: 0, total: 0, loaderUs: 0 };
    let [fixedS0, fixedS5, seqS0, seqS5] = [nan, nan, { p50: NaN, p99: NaN }, { p50: NaN, p99: NaN }];
    if (wants('fixed')) {
      fixedS0 = await load(`${upstream.url}${BENCH.upstreamPath}`, undefined, DURATION, { rate: 300, connections: 10 });
      const { gw } = await gateway('S5', 'fast');
      await load(`${gw.url}${BENCH.path}`, token, 2, { rate: 300, connections: 10 });
      fixedS5 = await load(`${gw.url}${BENCH.path}`, token, DURATION, { rate: 300, connections: 10 });
      // One request at a time (3 ms apart): the path's own latency, without queueing behind other requests.
      seqS0 = await sequential(`${upstream.url}${BENCH.upstreamPath}`, undefined, 300);
      seqS5 = await sequential(`${gw.url}${BENCH.path}`, token, 300);
      await stop(gw);
    }
    const load1 = loadavg();

    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mean = (s: string, k: keyof Row) => (results[s] ? avg(results[s]!.map((x) => x[k] as number)) : NaN);
    const order = ['S0', 'nginx', 'node', 'S1 via express', 'S1', 'S2', 'S3', 'S4', 'S5 via express', 'S5', 'S6', 'S5 × 2 gateways'];
    const label: Record<string, string> = {
      S0: 'S0 upstream direct',
      nginx: 'nginx proxy_pass + access log',
      node: 'node:http + undici proxy (JSON re-serialised)',
      S1: 'S1 routing only',
      S2: 'S2 + token',
      S3: 'S3 + checks, rate limit',
      S4: 'S4 + minimisation',
      S5: 'S5 full path, durable ledger',
      S6: 'S6 ledger, 1 INSERT per event',
    };
    const rows: (string | number)[][] = order
      .filter((s) => results[s])
      .map((s) => [
        label[s] ?? s,
        mean(s, 'rps'),
        mean(s, 'p50'),
        mean(s, 'p99'),
        Number.isNaN(mean(s, 'cpuUs')) ? '-' : mean(s, 'cpuUs'),
        results[s]!.reduce((a, x) => a + x.bad, 0),
      ]);
    rows.push(['S0 @300/s', fixedS0.rps, fixedS0.p50, fixedS0.p99, '-', fixedS0.bad]);
    rows.push(['S5 @300/s', fixedS5.rps, fixedS5.p50, fixedS5.p99, '-', fixedS5.bad]);
    rows.push(['S0 one at a time', '-', seqS0.p50, seqS0.p99, '-', 0]);
    rows.push(['S5 one at a time', '-', seqS5.p50, seqS5.p99, '-', 0]);

    const rps = (s: string) => mean(s, 'rps');
    const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const s1n = rps('S1') / rps('node');
    const s5n = rps('S5') / rps('node');
    const s5x = rps('S5') / rps('nginx');
    const cpu5 = mean('S5', 'cpuUs');
    const gc = rps('S5') / rps('S6');
    const dp50 = fixedS5.p50 - fixedS0.p50;
    const dp99 = fixedS5.p99 - fixedS0.p99;
    const scale = twoRps / (single?.rps ?? NaN);
    const loaderPerReq = mean('S5', 'loaderUs') / Math.max(1, mean('S5', 'total'));
    const histo = Object.entries(histogram)
      .sort((a, b) => Number(a[0].split('–')[0]) - Number(b[0].split('–')[0]))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return {
      title:
        `exchange path on the real adapters, ${ROUNDS} round(s) of ${DURATION} s per scenario, ${CONNECTIONS} connections, 1 KiB upstream JSON (means over rounds); ` +
        `load average ${load0.map((x) => x.toFixed(1)).join(' ')} at the start, ${load1.map((x) => x.toFixed(1)).join(' ')} at the end (2 cores), ${((Date.now() - started) / 1000).toFixed(0)} s`,
      columns: ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'non-2xx/errors'],
      rows,
      notes: [
        `S1 = ${pct(s1n)} of the Node proxy (target ≥ 60 %: ${mark(s1n >= 0.6)}); S5 = ${pct(s5n)} of the Node proxy (target ≥ 40 %: ${mark(s5n >= 0.4)}) and ${nginx ? `${pct(s5x)} of nginx (target ≥ 25 %: ${mark(s5x >= 0.25)})` : 'nginx not measured (absent)'}`,
        `S1 = ${pct(rps('S1') / rps('nginx'))} of nginx; S5 = ${pct(rps('S5') / rps('S1'))} of S1; S5 = ${pct(rps('S5') / rps('S0'))} of the upstream direct`,
        `gateway CPU per S5 request: ${cpu5.toFixed(0)} µs (target ≤ 200: ${mark(cpu5 <= 200)}); S1: ${mean('S1', 'cpuUs').toFixed(0)} µs; Node proxy: ${mean('node', 'cpuUs').toFixed(0)} µs`,
        `exchange listener vs express: S1 ${rps('S1').toFixed(0)} vs ${rps('S1 via express').toFixed(0)} req/s (${mean('S1', 'cpuUs').toFixed(0)} vs ${mean('S1 via express', 'cpuUs').toFixed(0)} µs/req); S5 ${rps('S5').toFixed(0)} vs ${rps('S5 via express').toFixed(0)} req/s (${cpu5.toFixed(0)} vs ${mean('S5 via express', 'cpuUs').toFixed(0)} µs/req)`,
        `group commit: S5/S6 = ${gc.toFixed(2)}× (target ≥ 5×: ${mark(gc >= 5)}); S5 ledger batches (events per INSERT): ${histo || 'none'}; ${batchTotals.events} events in ${batchTotals.batches} batches (mean ${(batchTotals.events / Math.max(1, batchTotals.batches)).toFixed(1)}, largest ${batchTotals.largest})`,
        `at 300 req/s: S5 adds ${dp50.toFixed(2)} ms at p50 (target ≤ 3: ${mark(dp50 <= 3)}) and ${dp99.toFixed(2)} ms at p99 (target ≤ 10: ${mark(dp99 <= 10)}) over the upstream`,
        `one request at a time: S5 adds ${(seqS5.p50 - seqS0.p50).toFixed(2)} ms at p50 and ${(seqS5.p99 - seqS0.p99).toFixed(2)} ms at p99 over S0 (mostly the durable commit)`,
        `scale-out: 2 gateway processes (same database, one ledger chain each, ${CONNECTIONS / 2} connections each) = ${twoRps.toFixed(0)} req/s (${both[0]!.rps.toFixed(0)} + ${both[1]!.rps.toFixed(0)}) = ${scale.toFixed(2)}× one of them alone just before (${single?.rps.toFixed(0)} req/s, ${CONNECTIONS} connections) (target ≥ 1.6×: ${mark(scale >= 1.6)}); ` +
          `the load generator shares the 2 cores: it used ${(loaderShare * 100).toFixed(0)} % of a core during that run, ${loaderPerReq.toFixed(0)} µs per request in the one-gateway S5 run, and the upstream and PostgreSQL run on the same cores too`,
        ...ledgerChecks.map((c) => `ledger ${c}`),
        'S1–S4 record nothing (no ledger); S3–S6 use the shared PostgreSQL rate limiter; every gateway is the process `datapedia start` builds (compose.ts services on PostgreSQL, REST connector), logging at info to a file; nginx and the Node proxy log/parse as their row says.',
      ],
    };
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(logDir, { recursive: true, force: true });
  }
}
