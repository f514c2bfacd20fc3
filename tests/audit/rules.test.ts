import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import {
  approveHabilitationRequest,
  changeContractStatus,
  createHabilitationRequest,
  submitHabilitationRequest,
} from '../../contracts/index.js';
import { auditWorld, casesOf, fullForm, GIRONDE, LYON, type AuditWorld } from './world.js';
import { CAST } from '../contracts/fixtures.js';
import { eventually } from '../helpers/eventually.js';

let db: TestDatabase;
let w: AuditWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await auditWorld(db.pool, {
    denialBurst: { count: 5, windowMs: 60_000 },
    distinctSubjects: { windowMs: 24 * 3600_000, minimum: 5, factor: 3, baselineDays: 28, checkEveryMs: 0 },
  });
});
afterAll(async () => {
  await w.close();
  await db.drop();
});

const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);
const subject = (n: number) => n.toString(16).padStart(64, '0');

async function caseFor(kind: string, where: { contractId?: string; consumer?: string }) {
  return (await casesOf(db.pool, kind)).filter(
    (c) => (!where.contractId || c.contract_id === where.contractId) && (!where.consumer || c.consumer_siret === where.consumer),
  );
}

describe('call_after_end: calls attempted after revocation or expiry open a case', () => {
  test('a denied call after the revocation opens a case with its event as evidence and notifies the contacts', async () => {
    const id = await w.contract();
    w.clock.advance(60_000);
    await w.revoke(id);
    const late = await w.call(id, at(w.clock.now().toISOString(), 30_000), {
      type: 'exchange.denied',
      outcome: 'denied',
      problemCode: 'client.contract_inactive',
      status: 403,
      fields: undefined,
    });
    await w.evaluator.runOnce();
    const cases = await caseFor('call_after_end', { contractId: id });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.evidence).toEqual([late]);
    const { rows } = await db.pool.query(
      'SELECT recipient_email, recipient_role FROM notifications_outbox WHERE case_id = $1 ORDER BY id',
      [cases[0]!.id],
    );
    expect(rows.map((r) => r.recipient_role)).toEqual(['controller', 'dpo', 'business_contact', 'technical_contact']);
    expect(rows[0].recipient_email).toMatch(/@lyon\.fr$/);
  });

  test('near miss: a call made before the revocation (evaluated after it) opens nothing', async () => {
    const id = await w.contract();
    const before = w.clock.now();
    await w.call(id, at(before.toISOString(), 1000));
    w.clock.advance(60_000);
    await w.revoke(id);
    await w.evaluator.runOnce();
    expect(await caseFor('call_after_end', { contractId: id })).toHaveLength(0);
  });

  test('near miss: calls while the contract is only suspended open nothing', async () => {
    const id = await w.contract();
    await changeContractStatus(w.ctx, CAST.ivan, id, 'suspend', 'Vérification en cours');
    await w.call(id, at(w.clock.now().toISOString(), 1000), {
      type: 'exchange.denied',
      outcome: 'denied',
      problemCode: 'client.contract_inactive',
      status: 403,
    });
    await w.evaluator.runOnce();
    expect(await caseFor('call_after_end', { contractId: id })).toHaveLength(0);
  });

  test('a call after valid_until opens a case; one on the last day does not', async () => {
    const c = await createHabilitationRequest(w.ctx, CAST.alice, { apiSlug: 'cnaf-qf', consumerSiret: LYON, form: fullForm() });
    await submitHabilitationRequest(w.ctx, CAST.alice, c.id);
    const end = new Date(w.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    await approveHabilitationRequest(w.ctx, CAST.ivan, c.id, { validUntil: end });
    await w.call(c.id, `${end}T23:59:59.000Z`);
    await w.evaluator.runOnce();
    expect(await caseFor('call_after_end', { contractId: c.id })).toHaveLength(0);
    const late = await w.call(c.id, at(`${end}T23:59:59.999Z`, 1));
    await w.evaluator.runOnce();
    const cases = await caseFor('call_after_end', { contractId: c.id });
    expect(cases.map((x) => x.evidence)).toEqual([[late]]);
  });
});

describe('recipient_outside_contract: a recipient absent from the contract opens a case', () => {
  test('a recipient that is neither the consumer nor a granted recipient', async () => {
    const id = await w.contract({ recipients: [LYON] });
    const e = await w.call(id, w.clock.now(), { recipient: GIRONDE });
    await w.evaluator.runOnce();
    const cases = await caseFor('recipient_outside_contract', { contractId: id });
    expect(cases.map((c) => c.evidence)).toEqual([[e]]);
  });

  test('near miss: the consumer itself and a granted recipient open nothing', async () => {
    const id = await w.contract({ recipients: [LYON, GIRONDE] });
    await w.call(id, w.clock.now(), { recipient: GIRONDE });
    await w.call(id, w.clock.now(), { recipient: LYON });
    await w.evaluator.runOnce();
    expect(await caseFor('recipient_outside_contract', { contractId: id })).toHaveLength(0);
  });

  test('the same recipient again adds evidence to the open case instead of a new one', async () => {
    const id = await w.contract({ recipients: [LYON] });
    const a = await w.call(id, w.clock.now(), { recipient: GIRONDE });
    await w.evaluator.runOnce();
    const b = await w.call(id, w.clock.now(), { recipient: GIRONDE });
    await w.evaluator.runOnce();
    const cases = await caseFor('recipient_outside_contract', { contractId: id });
    expect(cases.map((c) => c.evidence)).toEqual([[a, b]]);
  });
});

describe('volume_above_declared: more calls in a minute than the declared volume opens a case', () => {
  test('6 calls within a minute for 5 declared', async () => {
    const id = await w.contract({ volume_per_minute: 5 });
    const t0 = w.clock.now().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await w.call(id, at(t0, i * 10_000)));
    await w.evaluator.runOnce();
    const cases = await caseFor('volume_above_declared', { contractId: id });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.evidence).toEqual(ids);
  });

  test('near misses: exactly the declared volume, and 6 calls spread over more than a minute', async () => {
    const exact = await w.contract({ volume_per_minute: 5 });
    const spread = await w.contract({ volume_per_minute: 5 });
    const t0 = w.clock.now().toISOString();
    for (let i = 0; i < 5; i++) await w.call(exact, at(t0, i * 10_000));
    for (let i = 0; i < 6; i++) await w.call(spread, at(t0, i * 12_000));
    await w.evaluator.runOnce();
    expect(await caseFor('volume_above_declared', { contractId: exact })).toHaveLength(0);
    expect(await caseFor('volume_above_declared', { contractId: spread })).toHaveLength(0);
  });
});

describe('unusual_subject_count: a consumer reaching unusually many distinct subjects opens a case', () => {
  test('6 distinct subjects in 24 h above a minimum of 5', async () => {
    const consumer = '20000000000001';
    const t0 = '2026-11-23T10:00:00Z';
    for (let i = 0; i < 6; i++) await w.call(null, at(t0, i * 60_000), { consumerSiret: consumer, subjectRef: subject(1000 + i) });
    await w.evaluator.runOnce();
    const cases = await caseFor('unusual_subject_count', { consumer });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.evidence).toHaveLength(6);
  });

  test('near misses: 5 distinct subjects (with repeats); 12 subjects for a consumer used to 10 a day', async () => {
    const few = '20000000000002';
    const usual = '20000000000003';
    const t0 = '2026-11-23T10:00:00Z';
    for (let i = 0; i < 8; i++) await w.call(null, at(t0, i * 60_000), { consumerSiret: few, subjectRef: subject(2000 + (i % 5)) });
    for (let d = 20; d >= 2; d--) {
      for (let i = 0; i < 10; i++)
        await w.call(null, at(t0, -d * 86_400_000 + i * 1000), { consumerSiret: usual, subjectRef: subject(3000 + d * 100 + i) });
    }
    for (let i = 0; i < 12; i++) await w.call(null, at(t0, i * 1000), { consumerSiret: usual, subjectRef: subject(4000 + i) });
    await w.evaluator.runOnce();
    expect(await caseFor('unusual_subject_count', { consumer: few })).toHaveLength(0);
    expect(await caseFor('unusual_subject_count', { consumer: usual })).toHaveLength(0);
  });
});

describe('denial_burst: a burst of denials of one consumer opens a case', () => {
  const denied = {
    type: 'exchange.denied' as const,
    outcome: 'denied' as const,
    problemCode: 'client.scope_not_granted',
    status: 403,
    fields: undefined,
  };

  test('5 denials within a minute', async () => {
    const consumer = '20000000000011';
    const t0 = '2026-11-23T11:00:00Z';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await w.call(null, at(t0, i * 5000), { ...denied, consumerSiret: consumer }));
    await w.evaluator.runOnce();
    expect((await caseFor('denial_burst', { consumer })).map((c) => c.evidence)).toEqual([ids]);
  });

  test('near misses: 4 denials within a minute; 5 denials over two minutes; 5 served calls', async () => {
    const t0 = '2026-11-23T11:00:00Z';
    for (let i = 0; i < 4; i++) await w.call(null, at(t0, i * 5000), { ...denied, consumerSiret: '20000000000012' });
    for (let i = 0; i < 5; i++) await w.call(null, at(t0, i * 30_000), { ...denied, consumerSiret: '20000000000013' });
    for (let i = 0; i < 5; i++) await w.call(null, at(t0, i * 1000), { consumerSiret: '20000000000014' });
    await w.evaluator.runOnce();
    for (const consumer of ['20000000000012', '20000000000013', '20000000000014'])
      expect(await caseFor('denial_burst', { consumer })).toHaveLength(0);
  });
});

describe('unusual_hours: calls at night (Paris time) open a case', () => {
  test('a call at 23:30 in Paris (22:30 UTC in winter)', async () => {
    const consumer = '20000000000021';
    const e = await w.call(null, '2026-11-23T22:30:00Z', { consumerSiret: consumer });
    await w.evaluator.runOnce();
    expect((await caseFor('unusual_hours', { consumer })).map((c) => c.evidence)).toEqual([[e]]);
  });

  test('near misses: 21:59 and 06:00 in Paris', async () => {
    const consumer = '20000000000022';
    await w.call(null, '2026-11-23T20:59:59Z', { consumerSiret: consumer });
    await w.call(null, '2026-11-24T05:00:00Z', { consumerSiret: consumer });
    await w.evaluator.runOnce();
    expect(await caseFor('unusual_hours', { consumer })).toHaveLength(0);
  });
});

describe('evaluator: incremental tail of the ledger', () => {
  test('each event is evaluated once, positions survive a new evaluator, and the lag is measured', async () => {
    const consumer = '20000000000031';
    const first = await w.call(null, '2026-11-23T23:00:00Z', { consumerSiret: consumer });
    const lag = await w.evaluator.lag();
    expect(lag.behindEvents).toBe(1);
    await w.evaluator.runOnce();
    expect((await w.evaluator.lag()).behindEvents).toBe(0);
    expect(await w.evaluator.runOnce()).toEqual({ events: 0, opened: 0, updated: 0 });
    const { createRuleEvaluator } = await import('../../audit/index.js');
    const second = createRuleEvaluator({ pool: db.pool, clock: w.clock });
    expect((await second.runOnce()).events).toBe(0);
    const cases = await caseFor('unusual_hours', { consumer });
    expect(cases.map((c) => c.evidence)).toEqual([[first]]);
  });

  test('start() tails continuously and stop() waits for the pass in flight', async () => {
    const consumer = '20000000000032';
    w.evaluator.start();
    const e = await w.call(null, '2026-11-23T23:10:00Z', { consumerSiret: consumer });
    await eventually(
      'the running evaluator opens the case',
      async () => (await caseFor('unusual_hours', { consumer })).length > 0,
      undefined,
      100,
    );
    await w.evaluator.stop();
    expect((await caseFor('unusual_hours', { consumer }))[0]?.evidence).toEqual([e]);
  });
});

describe('citizen_report: a citizen.report event of the ledger becomes a case', () => {
  test("with the reported exchange and the report as evidence, about the exchange's contract; a second report of it adds to the same case", async () => {
    const id = await w.contract();
    const exchange = await w.call(id, w.clock.now());
    const report = await w.call(null, w.clock.now(), {
      type: 'citizen.report',
      outcome: 'recorded',
      consumerSiret: LYON,
      subjectRef: 'b'.repeat(64),
      detail: { caseId: '11111111-1111-4111-8111-111111111111', exchangeId: exchange },
      fields: undefined,
      status: undefined,
      latencyMs: undefined,
    });
    await w.evaluator.runOnce();
    const cases = await caseFor('citizen_report', { contractId: id });
    expect(cases.map((c) => c.evidence)).toEqual([[exchange, report]]);
    const again = await w.call(null, w.clock.now(), {
      type: 'citizen.report',
      outcome: 'recorded',
      detail: { caseId: '22222222-2222-4222-8222-222222222222', exchangeId: exchange },
      fields: undefined,
    });
    await w.evaluator.runOnce();
    expect((await caseFor('citizen_report', { contractId: id })).map((c) => c.evidence)).toEqual([[exchange, report, again]]);
    const { rows } = await db.pool.query('SELECT source FROM audit_cases WHERE id = $1', [cases[0]!.id]);
    expect(rows[0].source).toBe('citizen');
  });

  test('near miss: a consent event is no report', async () => {
    const before = (await casesOf(db.pool, 'citizen_report')).length;
    await w.call(null, w.clock.now(), {
      type: 'consent.event',
      outcome: 'recorded',
      detail: { exchangeId: randomUUID() },
      fields: undefined,
    });
    await w.evaluator.runOnce();
    expect(await casesOf(db.pool, 'citizen_report')).toHaveLength(before);
  });
});

describe('openCase: concurrent openers of the same case meet in one case', () => {
  test('two transactions opening the same kind and key at once give one case with both evidence ids', async () => {
    const { openCase } = await import('../../audit/index.js');
    const [a, b] = [randomUUID(), randomUUID()];
    const input = (e: string) => ({
      kind: 'denial_burst',
      source: 'rule' as const,
      consumerSiret: '20000000000099',
      dedupKey: 'race',
      evidence: [e],
      summary: 'Course',
    });
    const results = await Promise.all([openCase(db.pool, input(a), w.clock), openCase(db.pool, input(b), w.clock)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const cases = await caseFor('denial_burst', { consumer: '20000000000099' });
    expect(cases).toHaveLength(1);
    expect([...cases[0]!.evidence].sort()).toEqual([a, b].sort());
  });
});

describe('evaluator: a failing rule leaves the position where it was (cases and position commit together)', () => {
  test('the batch is retried by the next pass', async () => {
    const { createRuleEvaluator, EVENT_RULES } = await import('../../audit/index.js');
    const broken = createRuleEvaluator({
      pool: db.pool,
      clock: w.clock,
      eventRules: [
        ...EVENT_RULES,
        {
          kind: 'unusual_hours',
          evaluate: async () => {
            throw new Error('rule bug');
          },
        },
      ],
    });
    const consumer = '20000000000041';
    const e = await w.call(null, '2026-11-23T23:30:00Z', { consumerSiret: consumer });
    await expect(broken.runOnce()).rejects.toThrow('rule bug');
    expect((await w.evaluator.lag()).behindEvents).toBe(1);
    expect(await caseFor('unusual_hours', { consumer })).toHaveLength(0);
    await w.evaluator.runOnce();
    expect((await caseFor('unusual_hours', { consumer })).map((c) => c.evidence)).toEqual([[e]]);
  });
});
