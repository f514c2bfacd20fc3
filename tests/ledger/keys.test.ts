import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { manualClock } from '../../schemas/index.js';
import { loadLedgerSigner, listLedgerKeys, createCheckpoint, createLedgerWriter, verifyLedger } from '../../ledger/index.js';
import { retireLedgerKeyByKid } from '../../ledger/store/keys.js';
import { servedEvent } from './fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const SECRET = 'a-test-key-encryption-secret-of-32-chars-or-more';

describe('ledger signing keys', () => {
  test('the private key is sealed at rest and opens only with its secret', async () => {
    const signer = await loadLedgerSigner(db.pool, { keySecret: SECRET });
    const { rows } = await db.pool.query('SELECT private_jwk FROM ledger_keys WHERE kid = $1', [signer.kid]);
    expect(Object.keys(rows[0].private_jwk)).toEqual(['sealed']);
    await expect(loadLedgerSigner(db.pool)).rejects.toBeInstanceOf(TypeError);
    await expect(loadLedgerSigner(db.pool, { keySecret: `${SECRET}-wrong` })).rejects.toThrow();
    expect((await loadLedgerSigner(db.pool, { keySecret: SECRET })).kid).toBe(signer.kid);
  });

  test('published keys hold no private part; retired keys stay published and old checkpoints verify', async () => {
    const clock = manualClock();
    const w = createLedgerWriter({ pool: db.pool, chainId: 'gw-keys', clock });
    await w.append(servedEvent(1));
    const first = await loadLedgerSigner(db.pool, { keySecret: SECRET });
    await createCheckpoint(db.pool, first, clock);
    await retireLedgerKeyByKid(db.pool, first.kid);
    const second = await loadLedgerSigner(db.pool, { keySecret: SECRET });
    expect(second.kid).not.toBe(first.kid);
    await w.append(servedEvent(2));
    await w.close();
    await createCheckpoint(db.pool, second, clock);
    const keys = await listLedgerKeys(db.pool);
    expect(keys.map((k) => k.kid)).toEqual(expect.arrayContaining([first.kid, second.kid]));
    for (const k of keys) expect(k).not.toHaveProperty('d');
    await expect(verifyLedger(db.pool)).resolves.toMatchObject({ ok: true, checkpoints: 2 });
  });
});
