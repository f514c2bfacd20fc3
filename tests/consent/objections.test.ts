/**
 * Objections as records: immutable versions, each change traced in the ledger without any
 * reason, withdrawable only by the person, invalid targets refused.
 */
import { getObjectionHistory, listMyObjections, objectTo, withdrawObjection } from '../../consent/index.js';
import { CNAF, CNAF_API, LYON, PIVOT_A, PIVOT_B, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
let A: string;
let B: string;

beforeAll(async () => {
  w = await startDomainWorld({ catalog: false });
  A = w.refOf(PIVOT_A);
  B = w.refOf(PIVOT_B);
});
afterAll(async () => {
  await w.stop();
});

test('object, object again (no duplicate), withdraw: versions and ledger events', async () => {
  const first = await objectTo(w.ctx, {
    subjectRef: A,
    target: { kind: 'consumer', consumerSiret: LYON },
    dataElements: ['quotient_familial'],
    actor: { kind: 'citizen', id: A },
  });
  expect(first).toMatchObject({
    created: true,
    objection: { version: 1, status: 'active', target: { kind: 'consumer', consumerSiret: LYON }, dataElements: ['quotient_familial'] },
  });
  expect(
    await objectTo(w.ctx, {
      subjectRef: A,
      target: { kind: 'consumer', consumerSiret: LYON },
      dataElements: ['quotient_familial'],
      actor: { kind: 'citizen', id: A },
    }),
  ).toMatchObject({ created: false, objection: { id: first.objection.id } });
  await expect(
    withdrawObjection(w.ctx, { subjectRefs: [B], objectionId: first.objection.id, actor: { kind: 'citizen', id: B } }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  await expect(getObjectionHistory(w.ctx, [B], first.objection.id)).rejects.toMatchObject({ code: 'client.not_found' });
  await withdrawObjection(w.ctx, { subjectRefs: [A], objectionId: first.objection.id, actor: { kind: 'citizen', id: A } });
  await expect(
    withdrawObjection(w.ctx, { subjectRefs: [A], objectionId: first.objection.id, actor: { kind: 'citizen', id: A } }),
  ).rejects.toMatchObject({ code: 'client.invalid_transition' });
  expect((await getObjectionHistory(w.ctx, [A], first.objection.id)).map((o) => [o.version, o.status])).toEqual([
    [1, 'active'],
    [2, 'withdrawn'],
  ]);
  expect(await listMyObjections(w.ctx, [B])).toEqual([]);
  expect((await listMyObjections(w.ctx, [A])).map((o) => o.status)).toEqual(['withdrawn']);

  const ledger = (await w.ledger()).filter((e) => e.type === 'consent.event');
  expect(ledger.map((e) => [e.subject_ref, e.consumer_siret, e.detail!.action, e.detail!.version])).toEqual([
    [A, LYON, 'objected', 1],
    [A, LYON, 'objection_withdrawn', 2],
  ]);
  expect(ledger[0]!.detail).toEqual({
    action: 'objected',
    objectionId: first.objection.id,
    version: 1,
    target: { kind: 'consumer', id: LYON },
  });
});

test('the database refuses to change or delete an objection', async () => {
  await objectTo(w.ctx, { subjectRef: B, target: { kind: 'api', apiSlug: CNAF_API }, actor: { kind: 'citizen', id: B } });
  await expect(w.db.pool.query(`UPDATE objections SET status = 'withdrawn'`)).rejects.toThrow(/immutable/);
  await expect(w.db.pool.query('DELETE FROM objections')).rejects.toThrow(/immutable/);
});

test('invalid targets and data elements are refused with pointers', async () => {
  const actor = { kind: 'citizen' as const, id: A };
  await expect(
    objectTo(w.ctx, { subjectRef: A, target: { kind: 'producer', producerSiret: '12345678901234' }, actor }),
  ).rejects.toMatchObject({ code: 'client.validation_failed', errors: [{ pointer: '/target/producerSiret' }] });
  await expect(objectTo(w.ctx, { subjectRef: A, target: { kind: 'api', apiSlug: 'Pas Un Slug' }, actor })).rejects.toMatchObject({
    errors: [{ pointer: '/target/apiSlug' }],
  });
  await expect(objectTo(w.ctx, { subjectRef: A, target: { kind: 'everyone' } as never, actor })).rejects.toMatchObject({
    errors: [{ pointer: '/target/kind' }],
  });
  await expect(
    objectTo(w.ctx, { subjectRef: A, target: { kind: 'producer', producerSiret: CNAF }, dataElements: ['DROP TABLE'], actor }),
  ).rejects.toMatchObject({ errors: [{ pointer: '/dataElements/0' }] });
});
