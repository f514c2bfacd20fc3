/**
 * No data without a trace, across a crash: a real gateway child process (the benchmark's S5
 * gateway: the full pipeline and the group-commit ledger writer on PostgreSQL) is SIGKILLed
 * under load. Every response the client received has its event, and the ledger verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request as undiciRequest, Agent } from 'undici';
import { verifyLedger } from '../../ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { BENCH } from '../../bench/exchange-world.js';

const GATEWAY = fileURLToPath(new URL('../../bench/exchange-child.ts', import.meta.url));
const UPSTREAM = fileURLToPath(new URL('../../bench/exchange-upstream.ts', import.meta.url));

let db: TestDatabase;
const children: ChildProcess[] = [];

function start(file: string, args: string[]): Promise<{ proc: ChildProcess; url: string; token?: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    proc.once('message', (m: { url: string; token?: string }) => { proc.removeAllListeners('exit'); resolve({ proc, ...m }); });
  });
}

beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await db.drop();
});

describe('a gateway killed under load leaves an event for every response it gave', () => {
  test('SIGKILL during load: all received X-Request-IDs are in the ledger, which verifies', async () => {
    const upstream = await start(UPSTREAM, []);
    const gw = await start(GATEWAY, ['S5', upstream.url, db.url, 'sigkill-gateway']);
    const agent = new Agent({ connections: 32 });
    const received: string[] = [];
    let failed = 0;
    let mismatched = 0;
    let stop = false;
    const killAt = Date.now() + 1500;
    const killer = new Promise<void>((r) => setTimeout(() => { gw.proc.kill('SIGKILL'); stop = true; r(); }, killAt - Date.now()));
    await Promise.all([killer, ...Array.from({ length: 24 }, async () => {
      while (!stop) {
        try {
          const res = await undiciRequest(`${gw.url}${BENCH.path}`, { dispatcher: agent, headers: { authorization: `Bearer ${gw.token}` } });
          const body = await res.body.text();
          if (res.statusCode === 200) {
            received.push(String(res.headers['x-request-id']));
            if (JSON.parse(body).meta.exchangeId !== res.headers['x-request-id']) mismatched += 1;
          }
        } catch {
          failed += 1; // in flight when the process died: no response, so no promise was made
        }
      }
    })]);
    await agent.close();
    expect(received.length).toBeGreaterThan(50);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM ledger_events WHERE id = ANY($1::uuid[])', [received]);
    expect(rows.length).toBe(received.length);
    const report = await verifyLedger(db.pool);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(received.length);
    expect(mismatched).toBe(0);
  }, 60_000);
});
