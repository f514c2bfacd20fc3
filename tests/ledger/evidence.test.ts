import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock, ProblemError } from '../../schemas/index.js';
import {
  createLedgerWriter,
  loadLedgerSigner,
  buildEvidence,
  verifyEvidence,
  listLedgerKeys,
  verifyLedger,
  type EvidenceBundle,
} from '../../ledger/index.js';
import { servedEvent } from './fixtures.js';
import { eventually } from '../helpers/eventually.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const clone = (b: EvidenceBundle): EvidenceBundle => JSON.parse(JSON.stringify(b)) as EvidenceBundle;

describe('checkpoints and evidence bundles', () => {
  let bundle: EvidenceBundle;
  let eventId: string;

  test('a checkpoint is taken every N events and verifies', async () => {
    const signer = await loadLedgerSigner(db.pool);
    const w = createLedgerWriter({
      pool: db.pool,
      chainId: 'gw-ev',
      clock: manualClock(),
      signer,
      checkpointEvery: { events: 10, ms: 60_000 },
    });
    const events = [];
    for (let i = 0; i < 25; i++) events.push(await w.append(servedEvent(i)));
    eventId = events[12]!.id;
    await w.close(); // drains and takes a last checkpoint
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM ledger_checkpoints');
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    const report = await verifyLedger(db.pool);
    expect(report).toMatchObject({ ok: true });
    expect(report.checkpoints).toBe(rows[0].n);
  });

  test('a checkpoint is also taken every T milliseconds', async () => {
    const signer = await loadLedgerSigner(db.pool);
    const w = createLedgerWriter({
      pool: db.pool,
      chainId: 'gw-timer',
      clock: manualClock(),
      signer,
      checkpointEvery: { events: 1_000_000, ms: 50 },
    });
    await w.append(servedEvent(1));
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM ledger_checkpoints')).rows[0].n as number;
    const count = async () => (await db.pool.query('SELECT count(*)::int AS n FROM ledger_checkpoints')).rows[0].n as number;
    await eventually('a checkpoint taken by the timer', async () => (await count()) > before);
    expect(await count()).toBeGreaterThan(before);
    await w.close();
  });

  test('the evidence of an event is its logarithmic proof and verifies offline with the published keys only', async () => {
    bundle = await buildEvidence(db.pool, eventId);
    expect(bundle.segment).toHaveLength(1);
    expect(bundle.segment[0]!.id).toBe(eventId);
    expect(bundle.segment[0]!.seq).toBe(13);
    expect(bundle.inclusion).toMatchObject({ leaf_index: 12 });
    // Offline: a JSON round trip, no database.
    const offline = clone(bundle);
    await expect(verifyEvidence(offline, { trustedKeys: await listLedgerKeys(db.pool) })).resolves.toMatchObject({ ok: true, errors: [] });
    // Nothing in the bundle is trusted: without published keys it cannot be verified.
    expect((await verifyEvidence(offline)).errors.join()).toMatch(/aucune clé de confiance/);
  });

  test('a tampered bundle fails: changed event, altered path, forged signature, untrusted key', async () => {
    const keys = await listLedgerKeys(db.pool);
    const changed = clone(bundle);
    changed.segment[0]!.consumer_siret = '22330001300016';
    expect((await verifyEvidence(changed, { trustedKeys: keys })).ok).toBe(false);

    const path = clone(bundle);
    path.inclusion.path[0] = path.inclusion.path[1]!;
    expect((await verifyEvidence(path, { trustedKeys: keys })).ok).toBe(false);

    const forged = clone(bundle);
    const [h, p] = forged.checkpoint.jws.split('.');
    forged.checkpoint.jws = `${h}.${p}.${'A'.repeat(86)}`;
    expect((await verifyEvidence(forged, { trustedKeys: keys })).ok).toBe(false);

    expect((await verifyEvidence(clone(bundle), { trustedKeys: [] })).ok).toBe(false);
    expect((await verifyEvidence({} as EvidenceBundle, { trustedKeys: keys })).ok).toBe(false);
  });

  test('unknown or malformed ids are refused with problem codes', async () => {
    await expect(buildEvidence(db.pool, 'nope')).rejects.toMatchObject({ code: 'client.invalid_parameter' });
    await expect(buildEvidence(db.pool, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(ProblemError);
  });
});
