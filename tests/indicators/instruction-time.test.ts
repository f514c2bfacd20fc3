import {
  approveHabilitationRequest,
  createHabilitationRequest,
  refuseHabilitationRequest,
  requestChanges,
  submitHabilitationRequest,
  updateHabilitationRequest,
} from '../../contracts/index.js';
import { instructionTime, instructionTimeByMonth } from '../../indicators/index.js';
import { manualClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { domainContext } from '../contracts/domain.js';
import { CAST, LYON, fullForm } from '../contracts/fixtures.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T08:00:00Z');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const clock = manualClock(new Date(T0));
  const { ctx } = await domainContext(db.pool, clock);
  // Ten requests on cnaf-qf decided 1..10 days after their first submission; the third is sent
  // back for changes and resubmitted (its wait still runs from the first submission); the last is refused.
  for (let i = 0; i < 10; i++) {
    clock.set(new Date(T0 + i * 3600_000));
    const c = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
    await submitHabilitationRequest(ctx, CAST.alice, c.id);
    const decideAt = T0 + i * 3600_000 + (i + 1) * DAY;
    if (i === 2) {
      clock.set(new Date(T0 + i * 3600_000 + DAY));
      await requestChanges(ctx, CAST.ivan, c.id, { reason: 'Préciser la finalité.' });
      await updateHabilitationRequest(ctx, CAST.alice, c.id, fullForm({ purpose: 'Tarification sociale (précisée)' }));
      clock.set(new Date(T0 + i * 3600_000 + 2 * DAY));
      await submitHabilitationRequest(ctx, CAST.alice, c.id);
    }
    clock.set(new Date(decideAt));
    if (i === 9) await refuseHabilitationRequest(ctx, CAST.ivan, c.id, { reason: 'Finalité non établie.' });
    else await approveHabilitationRequest(ctx, CAST.ivan, c.id);
  }
  // A highly sensitive API: the first approval is not a decision, the DPO's second one is (4 days).
  clock.set(new Date(T0));
  const s = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf-sensible', consumerSiret: LYON, form: fullForm() });
  await submitHabilitationRequest(ctx, CAST.alice, s.id);
  clock.set(new Date(T0 + DAY));
  await approveHabilitationRequest(ctx, CAST.ivan, s.id);
  clock.set(new Date(T0 + 4 * DAY));
  await approveHabilitationRequest(ctx, CAST.dora, s.id);
  // Submitted, never decided: not counted.
  const open = await createHabilitationRequest(ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
  await submitHabilitationRequest(ctx, CAST.alice, open.id);
});

afterAll(async () => {
  await db.drop();
});

const now = new Date('2026-11-15T12:00:00Z');

describe('median instruction time is measured from contract events, small counts withheld', () => {
  test('overall: eleven decisions, median from first submission to decision', async () => {
    const t = await instructionTime(db.pool, { now, months: 2 });
    // Durations in days: 1..10 and 4 -> sorted 1,2,3,4,4,5,6,7,8,9,10 -> median 5.
    expect(t).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      threshold: 10,
      decisions: 11,
      withheld: false,
      medianMs: 5 * DAY,
      medianDays: 5,
    });
  });

  test('per API: ten decisions give the mean of the two middle ones; one decision is withheld', async () => {
    const qf = await instructionTime(db.pool, { now, months: 2, apiSlug: 'cnaf-qf' });
    expect(qf).toMatchObject({ decisions: 10, withheld: false, medianMs: 5.5 * DAY, medianDays: 5.5 });
    const sensitive = await instructionTime(db.pool, { now, months: 2, apiSlug: 'cnaf-qf-sensible' });
    expect(sensitive).toMatchObject({ decisions: null, withheld: true, medianMs: null, medianDays: null });
  });

  test('per month of decision, every month of the period listed', async () => {
    const months = await instructionTimeByMonth(db.pool, { now, months: 2 });
    expect(months).toEqual([
      { month: '2026-10', decisions: 11, withheld: false, medianMs: 5 * DAY, medianDays: 5 },
      { month: '2026-11', decisions: 0, withheld: false, medianMs: null, medianDays: null },
    ]);
  });

  test('decisions outside the period are not counted', async () => {
    const t = await instructionTime(db.pool, { now: new Date('2026-09-15T00:00:00Z'), months: 1 });
    expect(t).toMatchObject({ decisions: 0, medianMs: null });
  });
});
