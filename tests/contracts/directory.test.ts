import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import {
  createHabilitationRequest,
  submitHabilitationRequest,
  approveHabilitationRequest,
  changeContractStatus,
  createContractDirectory,
  type ContractDirectory,
  type ContractsContext,
} from '../../contracts/index.js';
import { systemClock } from '../../schemas/index.js';
import { insertRevokedToken } from '../../contracts/store/tokens.js';
import { CAST, fullForm, LYON } from './fixtures.js';
import { domainContext } from './domain.js';

let db: TestDatabase;
let ctx: ContractsContext;
let a: ContractDirectory;
let b: ContractDirectory;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
  ({ ctx } = await domainContext(db.pool, systemClock));
  // Two "gateway processes": two directories, each with its own LISTEN connection.
  a = createContractDirectory(db.pool, logger);
  b = createContractDirectory(db.pool, logger);
  await Promise.all([a.ready(), b.ready()]);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.drop();
});

async function activeContract(): Promise<string> {
  const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
  await submitHabilitationRequest(ctx, CAST.alice, c.id);
  await approveHabilitationRequest(ctx, CAST.ivan, c.id);
  return c.id;
}

async function waitFor(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ${limitMs} ms`);
}

describe('contract directory: a revoked contract stops working in every process within 5 s', () => {
  test('grant of an active contract, cached by both processes', async () => {
    const id = await activeContract();
    const g = await a.get(id);
    expect(g).toMatchObject({
      id,
      status: 'active',
      consumerSiret: LYON,
      scopes: ['qf_valeur', 'qf_annee'],
      endpoints: ['getQuotientFamilial'],
      recipients: [LYON],
      version: 1,
    });
    expect((await b.get(id))?.status).toBe('active');
  });

  test('revocation reaches both directories through NOTIFY well under 5 s', async () => {
    const id = await activeContract();
    expect((await a.get(id))?.status).toBe('active');
    expect((await b.get(id))?.status).toBe('active');
    const t0 = Date.now();
    await changeContractStatus(ctx, CAST.ivan, id, 'revoke', 'Fin du marché public.');
    const ms = await waitFor(async () => (await a.get(id))?.status === 'revoked' && (await b.get(id))?.status === 'revoked', 5000);
    expect(ms).toBeLessThan(5000);
    process.stdout.write(`revocation visible in both directories after ${Date.now() - t0} ms\n`);
  });

  test('with notifications lost, the fallback TTL still bounds the delay to 5 s', async () => {
    const id = await activeContract();
    await new Promise((r) => setTimeout(r, 200)); // let the approval's own notification pass
    expect((await a.get(id))?.status).toBe('active');
    // Simulate a lost notification: change the row without the trigger firing.
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('ALTER TABLE contracts DISABLE TRIGGER contracts_changed');
      await c.query(`UPDATE contracts SET status = 'suspended' WHERE id = $1`, [id]);
      await c.query('ALTER TABLE contracts ENABLE TRIGGER contracts_changed');
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    expect((await a.get(id))?.status).toBe('active'); // still cached
    const ms = await waitFor(async () => (await a.get(id))?.status === 'suspended', 5500);
    expect(ms).toBeLessThanOrEqual(5100);
  });

  test('unknown or malformed contract ids -> null (deny)', async () => {
    expect(await a.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await a.get('not-a-uuid')).toBeNull();
  });

  test('RFC 7009 revoked tokens reach both directories', async () => {
    expect(await a.isTokenRevoked('jti-1')).toBe(false);
    expect(await b.isTokenRevoked('jti-1')).toBe(false);
    await insertRevokedToken(db.pool, { jti: 'jti-1', clientId: 'dp_x', expiresAt: new Date(Date.now() + 60_000), at: new Date() });
    await waitFor(async () => (await a.isTokenRevoked('jti-1')) && (await b.isTokenRevoked('jti-1')), 5000);
  });
});
