import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import {
  openLedger,
  loadLedgerSigner,
  listLedgerKeys,
  startWitnessServer,
  runRetention,
  verifyArchive,
  verifyLedger,
  buildProof,
  verifyProof,
  retentionFromDays,
  listArchivedPeriods,
  sealSegment,
  type Ledger,
  type LedgerPublicKey,
  type WitnessConfig,
  type CommittedEvent,
} from '../../ledger/index.js';
import { purgeSegment, insertArchive } from '../../ledger/store/purges.js';
import { servedEvent } from './fixtures.js';
import { createApi, updateApi } from '../../catalog/index.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { catalogRetention } from '../../gateway/process/ledger-trust.js';

let db: TestDatabase;
let dir: string;
let pinned: LedgerPublicKey[];
const witnesses: WitnessConfig[] = [];
const closers: (() => Promise<void>)[] = [];
let service: Ledger;
const old: CommittedEvent[] = [];
const failures: unknown[] = [];
const now = manualClock(new Date());

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-retention-'));
  await loadLedgerSigner(db.pool);
  pinned = await listLedgerKeys(db.pool);
  for (const name of ['temoin-a', 'temoin-b']) {
    const s = await startWitnessServer({
      name,
      port: 0,
      statePath: join(dir, `${name}.json`),
      keyPath: join(dir, `${name}.key`),
      logKeys: pinned,
    });
    closers.push(() => s.close());
    witnesses.push({ name, url: s.url, key: s.witness.publicKey });
  }
  // Two years ago: 700 exchanges on a gateway since stopped.
  const past = await openLedger({
    pool: db.pool,
    clock: manualClock('2024-06-01T08:00:00Z'),
    chainId: 'gw-2024',
    checkpointEvery: { events: 300, ms: 60_000 },
    witnesses,
    maxBatch: 100,
    onWitness: (r) => failures.push(...r.filter((x) => !x.ok)),
    onError: (e) => failures.push(e),
  });
  for (let i = 0; i < 700; i += 100)
    old.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => past.writer.append(servedEvent(i + j))))));
  await past.close();
  expect(failures).toEqual([]);
  service = await openLedger({ pool: db.pool, clock: now, chainId: 'gw-now', checkpointEvery: { events: 1000, ms: 60_000 }, witnesses });
  for (let i = 0; i < 10; i++) await service.writer.append(servedEvent(i));
}, 120_000);
afterAll(async () => {
  await service.close();
  for (const c of closers) await c();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const options = (over: Partial<Parameters<typeof runRetention>[0]> = {}) => ({
  pool: db.pool,
  writer: service.writer,
  clock: now,
  archiveDir: join(dir, 'archives'),
  platform: retentionFromDays(180, 365),
  trustedKeys: pinned,
  witnesses,
  quorum: 2,
  ...over,
});

describe('retention both ways: archive, verify, purge through the one path', () => {
  let pkg: string;

  test('the retention an API declares in the catalogue is the one applied, read afresh at each pass', async () => {
    await seedDemoOrganisations(db.pool);
    await createApi(db.pool, {
      slug: 'cnaf-quotient-familial',
      producerSiret: '18000100000017',
      title: 'Quotient familial',
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: 'legal_basis',
    });
    // The platform's 180–365 days would purge the two-year-old chain; the API's 1000–1200 keep it.
    await updateApi(db.pool, 'cnaf-quotient-familial', { retention: { minDays: 1000, maxDays: 1200 } });
    expect(await runRetention(options({ loadOverride: catalogRetention(db.pool) }))).toEqual([]);
    await expect(updateApi(db.pool, 'cnaf-quotient-familial', { retention: { minDays: 20, maxDays: 10 } })).rejects.toMatchObject({
      code: 'client.validation_failed',
    });
    await updateApi(db.pool, 'cnaf-quotient-familial', { retention: null });
  });

  test('nothing is purged while every event is within its minimum retention (per-API override)', async () => {
    const results = await runRetention(
      options({ override: (slug) => (slug === 'cnaf-quotient-familial' ? retentionFromDays(1000, 1200) : undefined) }),
    );
    expect(results).toEqual([]);
  });

  test('events past their maximum are archived in whole aligned segments, the package verifies offline, then they are purged', async () => {
    const results = await runRetention(options());
    expect(results).toEqual([expect.objectContaining({ chainId: 'gw-2024', fromSeq: 1, toSeq: 512, events: 512, deleted: 512 })]);
    pkg = results[0]!.package;
    const report = await verifyArchive(pkg, { trustedKeys: pinned, witnesses, quorum: 2 });
    expect(report).toMatchObject({
      ok: true,
      errors: [],
      chainId: 'gw-2024',
      fromSeq: 1,
      toSeq: 512,
      events: 512,
      witnessedBy: ['temoin-a', 'temoin-b'],
    });
    expect(await readFile(join(pkg, 'manifest.xml'), 'utf8')).toMatch(
      /<ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2\.1">/,
    );
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_events WHERE chain_id = 'gw-2024'`);
    expect(rows[0]!.n).toBe(188);
    const periods = await listArchivedPeriods(db.pool);
    expect(periods).toEqual([expect.objectContaining({ chainId: 'gw-2024', fromSeq: 1, toSeq: 512 })]);
    expect(periods[0]!.to.getUTCFullYear()).toBe(2024);
  });

  test('the remaining ledger verifies from the purge anchor; proofs of remaining events still verify', async () => {
    await service.writer.checkpointNow();
    const report = await verifyLedger(db.pool, { pinnedKeys: pinned, witnesses, quorum: 2 });
    expect(report.breaks).toEqual([]);
    expect(report.chains.find((c) => c.chainId === 'gw-2024')).toMatchObject({ purgedUntil: 512, fromSeq: 513, toSeq: 700 });
    const proof = await buildProof(db.pool, old[600]!.id);
    await expect(verifyProof(proof, { trustedKeys: pinned })).resolves.toMatchObject({ ok: true });
  });

  test('a changed byte in the package fails its offline check', async () => {
    const file = join(pkg, 'events.ndjson');
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('Tarification cantine') + 3;
    await writeFile(file, text.slice(0, at) + 'X' + text.slice(at + 1));
    expect((await verifyArchive(pkg, { trustedKeys: pinned })).ok).toBe(false);
    await writeFile(file, text);
    expect((await verifyArchive(pkg, { trustedKeys: [] })).ok).toBe(false);
  });

  test('purging anything not past retention, not archived, or by DELETE is refused', async () => {
    for (let i = 0; i < 256; i++) await service.writer.append(servedEvent(i));
    await service.writer.checkpointNow();
    const young = await sealSegment(db.pool, { chainId: 'gw-now', fromSeq: 1, toSeq: 256, archiveDir: join(dir, 'young'), now: now.now() });
    const purge = await service.writer.append({
      id: randomUUID(),
      type: 'ledger.purge',
      occurredAt: now.now(),
      outcome: 'recorded',
      detail: { chain_id: 'gw-now', to_seq: 256 },
    });
    await service.writer.checkpointNow();
    await expect(purgeSegment(db.pool, 'gw-now', 256, purge.id, 0)).rejects.toThrow(/not archived/);
    await insertArchive(db.pool, {
      chainId: 'gw-now',
      fromSeq: 1,
      toSeq: 256,
      root: young.proof.root,
      pkg: young.dir,
      packageSha256: young.manifestSha256,
      verifiedAt: now.now(),
    });
    await expect(purgeSegment(db.pool, 'gw-now', 256, purge.id, 0)).rejects.toThrow(/within their retention period/);
    await expect(purgeSegment(db.pool, 'gw-now', 200, purge.id, 0)).rejects.toThrow(/multiple of 256/);
    await expect(db.pool.query(`DELETE FROM ledger_events WHERE chain_id = 'gw-now'`)).rejects.toThrow(/append-only/);
    await expect(
      db.pool.query(`SET datapedia.ledger_purge = 'on'; DELETE FROM ledger_events WHERE chain_id = 'gw-now' AND seq = 1`),
    ).resolves.toBeDefined();
  });
});
