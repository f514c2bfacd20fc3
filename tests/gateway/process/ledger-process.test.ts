/**
 * A gateway's ledger extras from the configuration: the retention job (only with pinned keys;
 * archives and purges what is past its maximum) and the witness options (a refusing witness is
 * logged, never silent).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { manualClock } from '../../../schemas/index.js';
import { openLedger, listLedgerKeys, verifyLedger, type Ledger } from '../../../ledger/index.js';
import { ledgerRetentionJob, ledgerWitnessOptions } from '../../../gateway/process/ledger-process.js';
import { servedEvent } from '../../ledger/fixtures.js';

let db: TestDatabase;
let dir: string;
let ledger: Ledger;
const logged: { level: string; obj: unknown }[] = [];
const logger = {
  info: (obj: unknown) => {
    logged.push({ level: 'info', obj });
  },
  warn: (obj: unknown) => {
    logged.push({ level: 'warn', obj });
  },
  error: (obj: unknown) => {
    logged.push({ level: 'error', obj });
  },
} as never;
const config = {
  LEDGER_ARCHIVE_DIR: '',
  LEDGER_RETENTION_MIN_DAYS: 180,
  LEDGER_RETENTION_MAX_DAYS: 365,
  LEDGER_RETENTION_INTERVAL_MS: 60_000,
};

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-ledger-process-'));
  config.LEDGER_ARCHIVE_DIR = join(dir, 'archives');
  const past = await openLedger({
    pool: db.pool,
    clock: manualClock('2024-03-01T08:00:00Z'),
    chainId: 'gw-ancien',
    checkpointEvery: { events: 1000, ms: 60_000 },
  });
  await Promise.all(Array.from({ length: 300 }, (_, i) => past.writer.append(servedEvent(i))));
  await past.close();
  ledger = await openLedger({
    pool: db.pool,
    clock: manualClock(new Date()),
    chainId: 'gw-actuel',
    checkpointEvery: { events: 1000, ms: 60_000 },
  });
}, 120_000);
afterAll(async () => {
  await ledger.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('ledgerRetentionJob', () => {
  test('without pinned keys: no job, and the log says why', () => {
    expect(
      ledgerRetentionJob({
        pool: db.pool,
        writer: ledger.writer,
        clock: manualClock(new Date()),
        config,
        trust: { pinned: undefined, witnesses: [], quorum: undefined },
        logger,
      }),
    ).toBeNull();
    expect(logged).toContainEqual({ level: 'warn', obj: expect.stringMatching(/LEDGER_PINNED_KEYS/) });
  });

  test('with pinned keys: one pass archives and purges the segment past its maximum; the ledger still verifies', async () => {
    const pinned = await listLedgerKeys(db.pool);
    const job = ledgerRetentionJob({
      pool: db.pool,
      writer: ledger.writer,
      clock: manualClock(new Date()),
      config,
      trust: { pinned, witnesses: [], quorum: undefined },
      logger,
    })!;
    const results = await job.runNow();
    expect(results).toEqual([expect.objectContaining({ chainId: 'gw-ancien', fromSeq: 1, toSeq: 256, deleted: 256 })]);
    expect(await readdir(config.LEDGER_ARCHIVE_DIR)).toHaveLength(1);
    expect(logged).toContainEqual({ level: 'info', obj: expect.objectContaining({ chainId: 'gw-ancien', deleted: 256 }) });
    await job.stop();
    const report = await verifyLedger(db.pool, { pinnedKeys: pinned });
    expect(report.breaks).toEqual([]);
  }, 120_000);
});

describe('ledgerWitnessOptions', () => {
  test('witnesses and checkpoint log passed through; a refusing witness is logged', () => {
    const o = ledgerWitnessOptions({ witnesses: [] }, { LEDGER_CHECKPOINT_LOG: join(dir, 'cp.log') }, logger);
    expect(o.checkpointLog).toBe(join(dir, 'cp.log'));
    o.onWitness!(
      [
        { witness: 'temoin-1', ok: true, number: 3 },
        { witness: 'temoin-2', ok: false, error: 'HTTP 422' },
      ],
      { number: 3 } as never,
    );
    expect(logged).toContainEqual({ level: 'warn', obj: { witness: 'temoin-2', checkpoint: 3, error: 'HTTP 422' } });
    expect(ledgerWitnessOptions({ witnesses: [] }, {}, logger)).not.toHaveProperty('checkpointLog');
  });
});
