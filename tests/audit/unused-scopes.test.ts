import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { auditWorld, casesOf, type AuditWorld } from './world.js';

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

const DAY = 86_400_000;

describe('unused_scopes: scopes granted but not used for 90 days open a case (over-granting)', () => {
  test('only the never-used scope of a contract older than 90 days is reported; near misses open nothing', async () => {
    const t0 = w.clock.now().getTime();
    const partly = await w.contract({ scopes: ['qf_valeur', 'qf_annee'] });
    const fully = await w.contract({ scopes: ['qf_valeur', 'qf_annee'] });
    w.clock.set(new Date(t0 + 10 * DAY));
    const young = await w.contract({ scopes: ['qf_valeur', 'qf_annee'] });
    // partly: only the value is ever delivered; fully: the year once, 89 days before the sweep.
    await w.call(partly, new Date(t0 + 50 * DAY), { fields: ['/quotient_familial/valeur'] });
    await w.call(fully, new Date(t0 + 50 * DAY), { fields: ['/quotient_familial/valeur'] });
    await w.call(fully, new Date(t0 + 2 * DAY), { fields: ['/quotient_familial/annee'] });
    w.clock.set(new Date(t0 + 91 * DAY));
    const pass = await w.evaluator.sweep();
    expect(pass.opened).toBe(1);
    const cases = await casesOf(db.pool, 'unused_scopes');
    expect(cases.map((c) => c.contract_id)).toEqual([partly]);
    expect(cases[0]!.summary).toContain('qf_annee');
    expect(cases[0]!.summary).not.toContain('qf_valeur');
    expect(cases.some((c) => c.contract_id === fully || c.contract_id === young)).toBe(false);
  });

  test('a sweep again while the case is open adds nothing; a sweep not yet due does not run', async () => {
    expect((await w.evaluator.sweep()).opened).toBe(0);
    expect(await w.evaluator.sweep(true)).toEqual({ events: 0, opened: 0, updated: 0 });
    expect(await casesOf(db.pool, 'unused_scopes')).toHaveLength(1);
  });
});
