/**
 * The citizen's proof route and the published keys, on their own small wiring (real express
 * routes, guards and problem handler; real ledger on PostgreSQL): a citizen downloads the proof of
 * an exchange about them and it verifies with the published keys alone; another person's
 * exchange answers 404 like an unknown one; published keys follow signed rotations only.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { testPrincipals } from '../../helpers/principals.js';
import { manualClock } from '../../../schemas/index.js';
import {
  openLedger,
  listLedgerKeys,
  rotateLedgerKey,
  verifyProof,
  type CommittedEvent,
  type Ledger,
  type LedgerPublicKey,
  type ProofBundle,
} from '../../../ledger/index.js';
import { authenticate } from '../../../gateway/http/auth.js';
import { mountRoutes } from '../../../gateway/http/route.js';
import { problemHandler } from '../../../gateway/http/problem.js';
import { ledgerProofRoutes } from '../../../gateway/rest/ledger-proof.js';
import { ledgerKeyRoutes } from '../../../gateway/rest/ledger-keys.js';
import { servedEvent } from '../../ledger/fixtures.js';

const REF_A = 'a1'.repeat(32);
const REF_B = 'b2'.repeat(32);
const REF_COMPANY = 'c3'.repeat(32);
const PIVOT = {
  given_name: 'Camille',
  family_name: 'Martin',
  birthdate: '1980-01-01',
  gender: 'female',
  birthplace: '75056',
  birthcountry: '99100',
} as never;
const principals = testPrincipals({
  alice: {
    kind: 'citizen',
    sub: 'fc-alice',
    memberships: [],
    platformRoles: [],
    citizen: { pivot: PIVOT, subjectRef: REF_A, company: { siren: '123456789', subjectRef: REF_COMPANY } },
  },
  bob: { kind: 'citizen', sub: 'fc-bob', memberships: [], platformRoles: [], citizen: { pivot: PIVOT, subjectRef: REF_B } },
  auditor: { kind: 'agent', sub: 'auditeur', memberships: [], platformRoles: ['auditor'] },
});

let db: TestDatabase;
let ledger: Ledger;
let pinned: LedgerPublicKey[];
let app: express.Express;
const mine: CommittedEvent[] = [];
let company: CommittedEvent;
let others: CommittedEvent;

beforeAll(async () => {
  db = await createTestDatabase();
  ledger = await openLedger({
    pool: db.pool,
    clock: manualClock(new Date()),
    chainId: 'gw-preuve',
    checkpointEvery: { events: 100_000, ms: 3_600_000 },
  });
  for (let i = 0; i < 40; i++) mine.push(await ledger.writer.append(servedEvent(i, { subjectRef: REF_A })));
  company = await ledger.writer.append(servedEvent(50, { subjectRef: REF_COMPANY, subjectKind: 'company' }));
  others = await ledger.writer.append(servedEvent(51, { subjectRef: REF_B }));
  await ledger.writer.checkpointNow();
  pinned = await listLedgerKeys(db.pool);
  app = express();
  app.use(authenticate([principals]));
  mountRoutes(app, [...ledgerProofRoutes({ pool: db.pool }), ...ledgerKeyRoutes({ pool: db.pool, pinned })]);
  app.use(problemHandler('http://localhost:3000', pino({ level: 'silent' })));
});
afterAll(async () => {
  await ledger.close();
  await db.drop();
});

const as = (who: string) => ({ 'X-Test-Principal': who });

describe('GET /v1/me/exchanges/{id}/proof', () => {
  test('the citizen downloads preuve-<id>.json; it verifies offline with the published keys; a changed byte fails', async () => {
    const res = await request(app).get(`/v1/me/exchanges/${mine[7]!.id}/proof`).set(as('alice'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?preuve-${mine[7]!.id}\\.json"?$`));
    expect(res.headers['cache-control']).toBe('no-store');
    const proof = res.body as ProofBundle;
    expect(proof).toMatchObject({ format: 'datapedia.ledger.proof/1', eventId: mine[7]!.id });
    expect(proof.keys).toBeUndefined();
    const keys = (await request(app).get('/.well-known/ledger-keys.json')).body.keys as LedgerPublicKey[];
    await expect(verifyProof(proof, { trustedKeys: keys })).resolves.toMatchObject({ ok: true });
    const changed = JSON.parse(JSON.stringify(proof).replace('Dossier 7', 'Dossier 8')) as ProofBundle;
    expect((await verifyProof(changed, { trustedKeys: keys })).ok).toBe(false);
  });

  test('the company the citizen represents: served too', async () => {
    expect((await request(app).get(`/v1/me/exchanges/${company.id}/proof`).set(as('alice'))).status).toBe(200);
  });

  test('another person’s exchange: 404, exactly as an unknown id', async () => {
    const other = await request(app).get(`/v1/me/exchanges/${others.id}/proof`).set(as('alice'));
    const unknown = await request(app).get(`/v1/me/exchanges/${randomUUID()}/proof`).set(as('alice'));
    expect([other.status, other.body.code]).toEqual([404, 'client.not_found']);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'client.not_found']);
    expect(other.body.detail).toBe(unknown.body.detail);
    expect((await request(app).get(`/v1/me/exchanges/${mine[0]!.id}/proof`).set(as('bob'))).status).toBe(404);
    expect((await request(app).get(`/v1/me/exchanges/${others.id}/proof`).set(as('bob'))).status).toBe(200);
  });

  test('not a citizen: 401 anonymous, 403 an auditor; a malformed id: 400', async () => {
    expect((await request(app).get(`/v1/me/exchanges/${mine[0]!.id}/proof`)).status).toBe(401);
    expect((await request(app).get(`/v1/me/exchanges/${mine[0]!.id}/proof`).set(as('auditor'))).body.code).toBe('client.forbidden');
    expect((await request(app).get('/v1/me/exchanges/pas-un-uuid/proof').set(as('alice'))).body.code).toBe('client.invalid_parameter');
  });

  test('an exchange not yet covered by a checkpoint: 409 (retry after the next one)', async () => {
    const fresh = await ledger.writer.append(servedEvent(60, { subjectRef: REF_A }));
    const res = await request(app).get(`/v1/me/exchanges/${fresh.id}/proof`).set(as('alice'));
    expect([res.status, res.body.code]).toEqual([409, 'client.conflict']);
    await ledger.writer.checkpointNow();
    expect((await request(app).get(`/v1/me/exchanges/${fresh.id}/proof`).set(as('alice'))).status).toBe(200);
  });
});

describe('GET /.well-known/ledger-keys.json', () => {
  test('serves the pinned set, then the key a signed rotation introduced; a key merely inserted in the table is never served', async () => {
    const before = await request(app).get('/.well-known/ledger-keys.json');
    expect(before.body).toEqual({ keys: pinned });
    const next = await rotateLedgerKey(db.pool);
    const { generateKeyPair, exportJWK } = await import('jose');
    const rogue = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    await db.pool.query(`INSERT INTO ledger_keys (kid, public_jwk) VALUES ('intrus', $1)`, [rogue]);
    expect((await listLedgerKeys(db.pool)).map((k) => k.kid)).toContain('intrus');
    const after = await request(app).get('/.well-known/ledger-keys.json');
    expect(after.body.keys).toEqual([...pinned, next]);
    // A proof of an event signed after the rotation verifies with the published set.
    const later = await ledger.writer.append(servedEvent(70, { subjectRef: REF_A }));
    await ledger.writer.checkpointNow();
    const proof = (await request(app).get(`/v1/me/exchanges/${later.id}/proof`).set(as('alice'))).body as ProofBundle;
    await expect(verifyProof(proof, { trustedKeys: after.body.keys as LedgerPublicKey[] })).resolves.toMatchObject({ ok: true });
  });
});
