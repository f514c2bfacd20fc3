import { randomUUID } from 'node:crypto';
import { createIndicatorRollup, publishedIndicators, recordActiveDossiers } from '../../indicators/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { auditWorld, GIRONDE, LYON, type AuditWorld } from '../audit/world.js';
import { appendBatches, citizenLogins, DGFIP, knownLedger, seedDgfipApi } from './world.js';
import { CNAF } from '../contracts/fixtures.js';

let db: TestDatabase;
let world: AuditWorld;
let contractId: string;
const now = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  world = await auditWorld(db.pool, {}, '2026-10-01T09:00:00Z');
  await seedDgfipApi(db.pool);
  contractId = await world.contract();
  // A non-exchange event in the middle: the rollup moves past it without counting it.
  await world.writer.append({ id: randomUUID(), type: 'consent.event', occurredAt: new Date('2026-10-15T09:00:00Z'), outcome: 'recorded' });
  await appendBatches(world, contractId, knownLedger(LYON, GIRONDE));
  // Twelve people logged in within 12 months (one twice), one 13 months ago.
  await citizenLogins(db.pool, [
    ...Array.from({ length: 12 }, (_, i) => ({ who: i, at: '2026-06-01T10:00:00Z' })),
    { who: 0, at: '2026-11-01T10:00:00Z' },
    { who: 14, at: '2025-10-01T10:00:00Z' },
  ]);
});

afterAll(async () => {
  await world.close();
  await db.drop();
});

const withheld = {
  withheld: true,
  exchanges: null,
  attempts: null,
  delivered: null,
  notFound: null,
  timeouts: null,
  providerFailures: null,
  platformFailures: null,
  clientMistakes: null,
  refused: null,
  successRate: null,
  availability: null,
  consumers: null,
  latencyMs: { p50: null, p95: null },
};

describe('indicators are rolled up from the ledger and published to the unit, small counts withheld', () => {
  test('the rollup reads every event through small batches and counts exchanges only', async () => {
    const rollup = createIndicatorRollup({ pool: db.pool, clock: world.clock, batchSize: 7 });
    await recordActiveDossiers(db.pool, now);
    // 113 exchanges, 1 consent event (contract transitions are not forwarded in this world).
    expect(await rollup.runOnce()).toBe(114);
    expect(await rollup.lag()).toEqual({ behindEvents: 0, behindMs: 0 });
  });

  test('overall: success rate, breakdown, consumers, latency, availability per month and over the period', async () => {
    const p = await publishedIndicators(db.pool, { now, months: 2 });
    expect(p).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', threshold: 10, target: 0.8 });
    expect(p.overall.months).toEqual([
      {
        month: '2026-10',
        withheld: false,
        exchanges: 104,
        attempts: 91,
        delivered: 55,
        notFound: 12,
        timeouts: 12,
        providerFailures: 11,
        platformFailures: null, // 1, below the threshold
        clientMistakes: 10,
        refused: null, // 3
        successRate: 0.6044, // 55 / 91
        availability: 0.7444, // (55 + 12) / (55 + 12 + 12 + 11)
        consumers: 2,
        latencyMs: { p50: 20, p95: 400 },
      },
      // November: 9 exchanges, withheld whole.
      { month: '2026-11', ...withheld },
    ]);
    expect(p.overall.total).toEqual({
      withheld: false,
      exchanges: 113,
      attempts: 100,
      delivered: 64,
      notFound: 12,
      timeouts: 12,
      providerFailures: 11,
      platformFailures: null,
      clientMistakes: 10,
      refused: null,
      successRate: 0.64,
      availability: 0.7677, // 76 / 99
      consumers: 2,
      latencyMs: { p50: 20, p95: 400 },
    });
  });

  test('per producer and per API; a producer with 7 exchanges is withheld', async () => {
    const p = await publishedIndicators(db.pool, { now, months: 2 });
    const cnafOctober = {
      month: '2026-10',
      withheld: false,
      exchanges: 97,
      attempts: 84,
      delivered: 50,
      notFound: 12,
      timeouts: 10,
      providerFailures: 11,
      platformFailures: null,
      clientMistakes: 10,
      refused: null,
      successRate: 0.5952, // 50 / 84
      availability: 0.747, // 62 / 83
      consumers: 2,
      latencyMs: { p50: 20, p95: 400 },
    };
    const cnaf = p.producers.find((x) => x.siret === CNAF)!;
    expect(cnaf.activeContracts).toBe(1);
    expect(cnaf.months).toEqual([cnafOctober, { month: '2026-11', ...withheld }]);
    const dgfip = p.producers.find((x) => x.siret === DGFIP)!;
    expect(dgfip).toMatchObject({ activeContracts: 0, total: withheld });
    expect(dgfip.months[0]).toEqual({ month: '2026-10', ...withheld });
    const qf = p.apis.find((x) => x.slug === 'cnaf-qf')!;
    expect(qf).toMatchObject({ title: 'API cnaf-qf', producerSiret: CNAF, activeContracts: 1 });
    expect(qf.months[0]).toEqual(cnafOctober);
    expect(qf.total).toMatchObject({ exchanges: 106, delivered: 59, attempts: 93, successRate: 0.6344 });
    expect(p.apis.find((x) => x.slug === 'dgfip-rfr')!.total).toEqual(withheld);
  });

  test('contracts, delegations, instruction time and people with an active dossier', async () => {
    // Two delegations of the contract to editors: one accepted (active), one still pending.
    for (const [editor, status] of [
      [DGFIP, 'active'],
      [GIRONDE, 'pending'],
    ])
      await db.pool.query(
        `INSERT INTO delegations (id, contract_id, consumer_siret, editor_siret, software, status, granted_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'Logiciel', $5, 'alice', $6, $6)`,
        [randomUUID(), contractId, LYON, editor, status, now],
      );
    const p = await publishedIndicators(db.pool, { now, months: 2 });
    expect(p.contracts).toEqual({ active: 1 });
    expect(p.delegations).toEqual({ active: 1 });
    // One decision (the world's contract): below the threshold.
    expect(p.instruction.total).toEqual({ decisions: null, withheld: true, medianMs: null, medianDays: null });
    expect(p.instruction.months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    // Twelve people logged in within 12 months; the one of 13 months ago does not count.
    expect(p.people).toEqual({ active: 12, windowMonths: 12 });
    // With a threshold above it, the figure is withheld.
    expect((await publishedIndicators(db.pool, { now, months: 2, threshold: 13 })).people.active).toBeNull();
  });

  test('the rollup is incremental: a restarted rollup resumes from its position, concurrent ones never double count', async () => {
    const again = createIndicatorRollup({ pool: db.pool, clock: world.clock });
    expect(await again.runOnce()).toBe(0);
    // Ten more delivered in November: the month is now published, and only those are added.
    await appendBatches(world, contractId, [{ n: 10, at: '2026-11-04T10:00:00Z', over: { latencyMs: 20 } }]);
    const a = createIndicatorRollup({ pool: db.pool, clock: world.clock, batchSize: 3 });
    const b = createIndicatorRollup({ pool: db.pool, clock: world.clock, batchSize: 3 });
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(na + nb).toBe(10);
    const p = await publishedIndicators(db.pool, { now, months: 2 });
    expect(p.overall.months[1]).toMatchObject({ month: '2026-11', withheld: false, exchanges: 19, delivered: 19, successRate: 1 });
    expect(p.overall.months[0]).toMatchObject({ exchanges: 104, delivered: 55 });
    // A later pass with a fresh rollup finds nothing more.
    expect(await createIndicatorRollup({ pool: db.pool, clock: world.clock }).runOnce()).toBe(0);
    expect((await publishedIndicators(db.pool, { now, months: 2 })).overall.total).toMatchObject({ exchanges: 123, delivered: 74 });
  });
});
