/**
 * The ledger's trust as the composed app uses it (gateway/compose.ts, background.ts, app.ts):
 * the pinned keys and the witnesses of the configuration reach the published keys, the
 * auditors' verification and the citizen's proof route; the retention job is listed only with
 * pinned keys.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { composeApp, testConfig, type ComposedApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { manualClock } from '../../schemas/index.js';
import {
  openLedger,
  loadLedgerSigner,
  listLedgerKeys,
  startWitnessServer,
  verifyProof,
  type Ledger,
  type LedgerPublicKey,
  type CommittedEvent,
} from '../../ledger/index.js';
import { backgroundJobs } from '../../gateway/background.js';
import { servedEvent } from '../ledger/fixtures.js';

const REF = 'd4'.repeat(32);
const principals = testPrincipals({
  auditor: { kind: 'agent', sub: 'auditeur-1', name: 'Auditrice', memberships: [], platformRoles: ['auditor'] },
  citizen: { kind: 'citizen', sub: 'fc-1', memberships: [], platformRoles: [], citizen: { pivot: {} as never, subjectRef: REF } },
});

let db: TestDatabase;
let dir: string;
let ledger: Ledger;
let pinned: LedgerPublicKey[];
let witness: Awaited<ReturnType<typeof startWitnessServer>>;
let t: ComposedApp;
let event: CommittedEvent;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dp-ledger-wiring-'));
  const clock = manualClock(new Date());
  const config = testConfig();
  await loadLedgerSigner(db.pool, { keySecret: config.KEY_ENCRYPTION_SECRET });
  pinned = await listLedgerKeys(db.pool);
  await writeFile(join(dir, 'keys.json'), JSON.stringify({ keys: pinned }));
  witness = await startWitnessServer({
    name: 'temoin-a',
    port: 0,
    statePath: join(dir, 'w.json'),
    keyPath: join(dir, 'w.key'),
    logKeys: pinned,
  });
  const witnesses = [{ name: 'temoin-a', url: witness.url, key: witness.witness.publicKey }];
  // The test's writer sends its checkpoints to the witness (no onWitness listener: they are sent all the same).
  const failures: unknown[] = [];
  ledger = await openLedger({
    pool: db.pool,
    clock,
    chainId: 'gw-cablage',
    keySecret: config.KEY_ENCRYPTION_SECRET,
    witnesses,
    onError: (err) => failures.push(err),
    checkpointEvery: { events: 100_000, ms: 3_600_000 },
  });
  event = await ledger.writer.append(servedEvent(1, { subjectRef: REF }));
  await ledger.writer.checkpointNow();
  expect(failures).toEqual([]);
  expect(witness.witness.state().number).toBe(1);
  t = await composeApp({
    config: testConfig({ LEDGER_PINNED_KEYS: join(dir, 'keys.json'), LEDGER_WITNESSES: JSON.stringify(witnesses) }),
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    clock,
    ledger: ledger.writer,
    authenticators: [principals],
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await ledger?.close();
  await witness?.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the configured trust reaches every surface', () => {
  test('published keys are the pinned set, not a key inserted in the table (well-known and auditors’ route)', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    await db.pool.query(`INSERT INTO ledger_keys (kid, public_jwk) VALUES ('intrus', $1)`, [
      await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey),
    ]);
    expect((await request(t.app).get('/.well-known/ledger-keys.json')).body).toEqual({ keys: pinned });
    const audit = await request(t.app).get('/v1/audit/ledger/keys').set('X-Test-Principal', 'auditor');
    expect(audit.body).toEqual({ keys: pinned });
    await db.pool.query(
      `SET session_replication_role = replica; DELETE FROM ledger_keys WHERE kid = 'intrus'; SET session_replication_role = origin`,
    );
  });

  test('the auditors’ verification uses the pinned keys and the witnesses', async () => {
    const res = await request(t.app).post('/v1/audit/ledger/verify').set('X-Test-Principal', 'auditor').send({});
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.witnesses).toEqual([expect.objectContaining({ name: 'temoin-a', agrees: true })]);
    expect(res.body.warnings.join(' ')).not.toMatch(/non épinglées|aucun témoin/);
  });

  test('the citizen’s proof is served (co-signed checkpoint) and verifies with the published keys', async () => {
    const res = await request(t.app).get(`/v1/me/exchanges/${event.id}/proof`).set('X-Test-Principal', 'citizen');
    expect(res.status).toBe(200);
    expect(res.body.cosignatures).toEqual([expect.objectContaining({ witness: 'temoin-a' })]);
    await expect(
      verifyProof(res.body, { trustedKeys: pinned, witnesses: [{ name: 'temoin-a', key: witness.witness.publicKey }] }),
    ).resolves.toMatchObject({ ok: true, witnessedBy: ['temoin-a'] });
    const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty(['/v1/me/exchanges/{id}/proof']);
  });

  test('the retention job is a background job only with pinned keys', async () => {
    expect(
      backgroundJobs({ ...t.services, pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }) } as never, t.services).jobs,
    ).toContain('ledger.retention');
    const bare = await composeApp({
      config: testConfig(),
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      clock: manualClock(),
      ledger: ledger.writer,
    });
    try {
      expect(bare.services.ledger.retention).toBeNull();
      expect(backgroundJobs({ pool: db.pool, clock: manualClock(), logger: pino({ level: 'silent' }) }, bare.services).jobs).not.toContain(
        'ledger.retention',
      );
      // Without pinned keys the well-known set is the table's own.
      expect((await request(bare.app).get('/.well-known/ledger-keys.json')).body).toEqual({ keys: await listLedgerKeys(db.pool) });
    } finally {
      await bare.close();
    }
  });

  test('a witness that stops answering fails the auditors’ verification, naming it', async () => {
    await witness.close();
    const res = await request(t.app).post('/v1/audit/ledger/verify').set('X-Test-Principal', 'auditor').send({});
    expect(res.body.ok).toBe(false);
    expect(res.body.witnesses).toEqual([expect.objectContaining({ name: 'temoin-a', agrees: false, reachable: false })]);
  });
});
