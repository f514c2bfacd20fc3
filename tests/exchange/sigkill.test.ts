/**
 * No data without a trace, across a crash: a real gateway child process (the benchmark's S5
 * gateway: production's composition over PostgreSQL — contracts, catalogue, rate limiter, the
 * REST connector bound in the catalogue, the group-commit ledger writer) is SIGKILLed under load,
 * once the client has received a set number of answers (not after a delay: on a busy machine a
 * delay may elapse before the first answer). Every answer the client received has its event, and
 * the ledger verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request as undiciRequest, Agent } from 'undici';
import { verifyLedger } from '../../ledger/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { basic } from '../contracts/flow.js';
import { BENCH, seedBenchWorld } from '../../bench/exchange-world.js';

const GATEWAY = fileURLToPath(new URL('../../bench/exchange-child.ts', import.meta.url));
const UPSTREAM = fileURLToPath(new URL('../../bench/exchange-upstream.ts', import.meta.url));
/** Answers received before the kill. */
const KILL_AFTER = 200;
/** Generous budget for reaching them, whatever the machine's load. */
const LOAD_BUDGET_MS = 90_000;

let db: TestDatabase;
const children: ChildProcess[] = [];

function start(file: string, args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    proc.once('message', (m: { url: string }) => {
      proc.removeAllListeners('exit');
      resolve({ proc, url: m.url });
    });
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await db?.drop();
});

describe('a gateway killed under load leaves an event for every response it gave', () => {
  test(`SIGKILL after ${KILL_AFTER} answers: all received X-Request-IDs are in the ledger, which verifies`, async () => {
    const upstream = await start(UPSTREAM, []);
    await seedBenchWorld(db.pool, upstream.url);
    const gw = await start(GATEWAY, ['S5', upstream.url, db.url, 'sigkill-gateway']);
    const exited = new Promise<void>((r) => gw.proc.once('exit', () => r()));
    const tokenRes = await undiciRequest(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(BENCH.client.clientId, BENCH.client.secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const token = ((await tokenRes.body.json()) as { access_token: string }).access_token;
    expect(tokenRes.statusCode).toBe(200);

    const agent = new Agent({ connections: 32 });
    const received: string[] = [];
    let mismatched = 0;
    let killed = false;
    const deadline = Date.now() + LOAD_BUDGET_MS;
    const kill = () => {
      if (killed) return;
      killed = true;
      gw.proc.kill('SIGKILL');
    };
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (!killed && Date.now() < deadline) {
          try {
            const res = await undiciRequest(`${gw.url}${BENCH.path}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } });
            const body = await res.body.text();
            if (res.statusCode === 200) {
              received.push(String(res.headers['x-request-id']));
              if (JSON.parse(body).meta.exchangeId !== res.headers['x-request-id']) mismatched += 1;
              if (received.length >= KILL_AFTER) kill();
            }
          } catch {
            // In flight when the process died: no answer, so no promise was made.
          }
        }
      }),
    );
    kill();
    await exited;
    await agent.close();
    expect(received.length).toBeGreaterThanOrEqual(KILL_AFTER);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM ledger_events WHERE id = ANY($1::uuid[])', [received]);
    expect(rows.length).toBe(received.length);
    const report = await verifyLedger(db.pool);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(received.length);
    expect(mismatched).toBe(0);
  }, 180_000);
});
