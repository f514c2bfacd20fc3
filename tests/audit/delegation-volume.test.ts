/**
 * delegation_volume_above_declared (docs/architecture.md, "Delegations"): an editor calling for a
 * client more often within one minute than the volume the client declared in the delegation opens
 * a case naming the contract and the client; exactly the declared volume does not. Real contracts,
 * delegations and ledger domains; the evaluator tails the ledger.
 */
import { acceptDelegation, grantDelegation, type Actor } from '../../contracts/index.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { auditWorld, casesOf, LYON, type AuditWorld } from './world.js';

const EDITOR = DEMO_ORGANISATIONS.solisLogiciels.siret;
const admin = (siret: string): Actor => ({ sub: `admin-${siret}`, memberships: [{ siret, roles: ['admin'] }], platformRoles: [] });

let db: TestDatabase;
let w: AuditWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await auditWorld(db.pool);
});
afterAll(async () => {
  await w.close();
  await db.drop();
});

async function delegated(declaredVolume: number): Promise<{ contractId: string; id: string }> {
  const contractId = await w.contract();
  const d = await grantDelegation(w.ctx, admin(LYON), { contractId, editorSiret: EDITOR, software: 'Solis Social', declaredVolume });
  await acceptDelegation(w.ctx, admin(EDITOR), d.id);
  return { contractId, id: d.id };
}

test('6 calls of the editor within a minute for 5 declared open a case; exactly 5 does not', async () => {
  const over = await delegated(5);
  const exact = await delegated(5);
  const t0 = Date.parse(w.clock.now().toISOString());
  const evidence: string[] = [];
  const by = (d: { id: string }) => ({ detail: { delegation: { id: d.id, editorSiret: EDITOR, software: 'Solis Social' } } });
  for (let i = 0; i < 6; i++) evidence.push(await w.call(over.contractId, new Date(t0 + i * 10_000), by(over)));
  for (let i = 0; i < 5; i++) await w.call(exact.contractId, new Date(t0 + i * 10_000), by(exact));
  await w.evaluator.runOnce();
  const cases = await casesOf(db.pool, 'delegation_volume_above_declared');
  expect(cases.map((c) => c.contract_id)).toEqual([over.contractId]);
  expect(cases[0]!.evidence).toEqual(evidence);
  expect(cases[0]!.consumer_siret).toBe(LYON);
  expect(cases[0]!.summary).toContain(EDITOR);
});
