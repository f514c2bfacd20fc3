/**
 * Representatives: mandates declared by the operator or an authorised producer, accepted by the
 * representative, in force only within their validity; each switch of dossier recorded; a
 * representative reaches the represented person's subject_ref only under a mandate in force,
 * never another person's (isolation, over the real ledger trail).
 */
import { randomUUID } from 'node:crypto';
import {
  actingSubjectRefs,
  answerMandate,
  declareMandate,
  listMyMandates,
  listRepresentations,
  revokeMandate,
  seedDemoRepresentation,
  switchRepresentation,
} from '../../consent/index.js';
import { listDemoWorldPeople } from '../../connectors/index.js';
import { listExchanges } from '../../ledger/index.js';
import { CNAF, PIVOT_A, PIVOT_B, SECRET, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
let parent: string;
let child: string;
let other: string;
const DAY = 86_400_000;
const operator = { kind: 'operator' as const, id: 'operateur-1' };
const asParent = () => ({ kind: 'citizen' as const, id: parent });

beforeAll(async () => {
  w = await startDomainWorld({ catalog: false });
  w.clock.set(new Date('2026-11-29T12:00:00Z'));
  parent = w.refOf(PIVOT_A);
  child = 'a'.repeat(64);
  other = w.refOf(PIVOT_B);
});
afterAll(async () => {
  await w.stop();
});

const declare = (over: Partial<Parameters<typeof declareMandate>[1]> = {}) =>
  declareMandate(w.ctx, {
    declarer: operator,
    authorisedProducerSirets: [CNAF],
    representativeRef: parent,
    representedRef: child,
    kind: 'parent_of_minor',
    evidenceRef: 'Acte de naissance n° 2019-0042',
    validUntil: new Date(w.clock.now().getTime() + 365 * DAY),
    ...over,
  });

test('who may declare: the operator, an authorised producer; nobody else; invalid mandates are refused with pointers', async () => {
  await expect(declare({ declarer: { kind: 'producer', id: 'agent-x', organisationSiret: '21690123100011' } })).rejects.toMatchObject({
    code: 'client.forbidden',
  });
  expect((await declare({ declarer: { kind: 'producer', id: 'agent-cnaf', organisationSiret: CNAF } })).status).toBe('declared');
  await expect(declare({ representedRef: parent, evidenceRef: '', validUntil: new Date(0) })).rejects.toMatchObject({
    code: 'client.validation_failed',
    errors: [{ pointer: '/representedRef' }, { pointer: '/evidenceRef' }, { pointer: '/validUntil' }],
  });
});

test('in force only once accepted and within its validity; each switch recorded; isolation from any other person', async () => {
  const m = await declare();
  expect(await listRepresentations(w.ctx, parent)).toEqual([]);
  await expect(actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: m.id })).rejects.toMatchObject({
    code: 'client.not_found',
  });
  // Only the representative named answers.
  await expect(
    answerMandate(w.ctx, { representativeRef: other, mandateId: m.id, decision: 'accept', actor: { kind: 'citizen', id: other } }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  expect(await answerMandate(w.ctx, { representativeRef: parent, mandateId: m.id, decision: 'accept', actor: asParent() })).toMatchObject({
    status: 'accepted',
    inForce: true,
    version: 2,
  });
  expect(await listRepresentations(w.ctx, parent)).toEqual([
    { mandateId: m.id, representedRef: child, representedKind: 'person', kind: 'parent_of_minor', validUntil: m.validUntil },
  ]);
  expect(await actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: m.id })).toEqual([child]);
  // Another person holding the id gets nothing; nor does the parent with an id that is not theirs.
  await expect(actingSubjectRefs(w.ctx, { representativeRef: other, mandateId: m.id })).rejects.toMatchObject({ code: 'client.not_found' });
  await expect(actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: randomUUID() })).rejects.toMatchObject({
    code: 'client.not_found',
  });

  // The trail the parent reads as the child: the child's exchanges only.
  const stranger = 'b'.repeat(64);
  for (const ref of [child, stranger]) {
    await w.writer.append({
      id: randomUUID(),
      type: 'exchange.served',
      occurredAt: w.clock.now(),
      outcome: 'served',
      subjectRef: ref,
      subjectKind: 'person',
      consumerSiret: '21690123100011',
      apiSlug: 'cnaf-quotient-familial',
      status: 200,
    });
  }
  const refs = await actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: m.id });
  const trail = await listExchanges(w.db.pool, { subjectRefs: refs }, {});
  expect(trail.items.length).toBeGreaterThan(0);
  expect(trail.items.every((e) => e.subject_ref === child)).toBe(true);

  // Switches are recorded, as the represented person's events, naming the representative.
  await switchRepresentation(w.ctx, { representativeRef: parent, mandateId: m.id, actor: asParent() });
  await switchRepresentation(w.ctx, { representativeRef: parent, mandateId: null, fromMandateId: m.id, actor: asParent() });
  await expect(
    switchRepresentation(w.ctx, { representativeRef: other, mandateId: m.id, actor: { kind: 'citizen', id: other } }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  const switches = (await w.ledger()).filter((e) => ['representation_switch', 'representation_end'].includes(e.detail?.action as string));
  expect(switches.map((e) => [e.subject_ref, e.detail!.action, e.detail!.representativeRef])).toEqual([
    [child, 'representation_switch', parent],
    [child, 'representation_end', parent],
  ]);

  // Past its end: nothing any more.
  w.clock.set(new Date(Date.parse(m.validUntil) + 1));
  expect(await listRepresentations(w.ctx, parent)).toEqual([]);
  await expect(actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: m.id })).rejects.toMatchObject({
    code: 'client.not_found',
  });
  await expect(switchRepresentation(w.ctx, { representativeRef: parent, mandateId: m.id, actor: asParent() })).rejects.toMatchObject({
    code: 'client.not_found',
  });
  w.clock.set(new Date('2026-11-29T12:00:00Z'));
});

test('revoked by the representative or the operator: out of force at once; the history stays (immutable versions)', async () => {
  const m = await declare({ kind: 'guardian', evidenceRef: 'Jugement TJ Lyon RG 26/01234' });
  await answerMandate(w.ctx, { representativeRef: parent, mandateId: m.id, decision: 'accept', actor: asParent() });
  await expect(
    revokeMandate(w.ctx, { mandateId: m.id, actor: { kind: 'citizen', id: other }, asRepresentativeRef: other }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  expect(await revokeMandate(w.ctx, { mandateId: m.id, actor: { kind: 'agent', id: operator.id }, asDeclarer: operator })).toMatchObject({
    status: 'revoked',
    inForce: false,
    version: 3,
  });
  await expect(actingSubjectRefs(w.ctx, { representativeRef: parent, mandateId: m.id })).rejects.toMatchObject({
    code: 'client.not_found',
  });
  await expect(w.db.pool.query(`UPDATE mandates SET status = 'accepted' WHERE id = $1`, [m.id])).rejects.toThrow(/immutable/);
  expect((await listMyMandates(w.ctx, parent)).find((x) => x.id === m.id)).toMatchObject({ status: 'revoked' });
});

test('demo: a parent of the demo world represents their minor child (idempotent)', async () => {
  const people = listDemoWorldPeople();
  const first = await seedDemoRepresentation(w.ctx, { people, subjectSecret: SECRET });
  expect(first).not.toBeNull();
  const again = await seedDemoRepresentation(w.ctx, { people, subjectSecret: SECRET });
  expect(again!.mandateId).toBe(first!.mandateId);
  const born = Date.parse(first!.child.birthdate);
  expect(w.clock.now().getTime() - born).toBeLessThan(18 * 365.25 * DAY);
  expect(first!.parent.family_name).toBe(
    people.find((p) => p.family?.enfants.some((e) => e.dateNaissance === first!.child.birthdate))!.pivot.family_name,
  );
  expect(await listRepresentations(w.ctx, first!.parentRef)).toEqual([
    expect.objectContaining({ mandateId: first!.mandateId, representedRef: first!.childRef, kind: 'parent_of_minor' }),
  ]);
});
