import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate } from '/work/main/gateway/migrate.ts';
import { BENCH } from '/work/main/bench/exchange-world.ts';
const scen = process.argv[2] ?? 'S5';
const name = 'dp_prof_' + Date.now();
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await admin.connect();
console.log('create'); await admin.query(`CREATE DATABASE ${name}`); console.log('created');
const db = `postgres://postgres@127.0.0.1:5432/${name}`;
const pool = new pg.Pool({ connectionString: db }); await migrate(pool); await pool.end();
function child(file: string, args: string[], extra: string[] = []) {
  const p = spawn(process.execPath, [...extra, '--import', 'tsx', file, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: '/work/main' });
  return new Promise<any>((r) => p.once('message', (m: any) => r({ ...m, p })));
}
console.log('migrated'); const up = await child('/work/main/bench/exchange-upstream.ts', []);
const gw = await child('/work/main/bench/exchange-child.ts', [scen, up.url, db, 'prof-' + Date.now()], ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']);
const r = await autocannon({ url: gw.url + BENCH.path, connections: 32, duration: 6, headers: { authorization: 'Bearer ' + gw.token } });
console.log(scen, r.requests.average, r.latency.p50, r.non2xx);
gw.p.send({ cmd: 'exit' }); await new Promise((res) => gw.p.once('exit', res));
up.p.kill('SIGKILL');
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); await admin.end();
