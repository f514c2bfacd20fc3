import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { verifyLedger } from '../../ledger/index.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Starts a writer process; collects the ids it acknowledged. */
function writer(limit?: number): { child: ChildProcess; acked: string[]; chain: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve('tests/ledger/child-writer.ts'), db.url, ...(limit ? [String(limit)] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acked: string[] = [];
  let buffer = '';
  let chainResolve: (c: string) => void;
  const chain = new Promise<string>((r) => {
    chainResolve = r;
  });
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('chain ')) chainResolve(l.slice(6));
      else if (/^[0-9a-f-]{36}$/.test(l)) acked.push(l);
    }
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, acked, chain, exited };
}

describe('several gateway processes, one database', () => {
  test('two processes write their own chains; a SIGKILL loses no acknowledged event; the ledger verifies', async () => {
    const a = writer(400);
    const b = writer();
    const [chainA, chainB] = await Promise.all([a.chain, b.chain]);
    expect(chainA).not.toBe(chainB);
    while (b.acked.length < 300) await new Promise((r) => setTimeout(r, 20));
    b.child.kill('SIGKILL');
    await Promise.all([a.exited, b.exited]);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM ledger_events WHERE id = ANY($1::uuid[])', [
      [...a.acked, ...b.acked],
    ]);
    expect(rows.length).toBe(a.acked.length + b.acked.length);
    expect(a.acked).toHaveLength(400);
    const report = await verifyLedger(db.pool);
    expect(report.breaks).toEqual([]);
    expect(report.chains.map((c) => c.chainId).sort()).toEqual([chainA, chainB].sort());
    expect(report.checkpoints).toBeGreaterThan(0);
  }, 120_000);
});
