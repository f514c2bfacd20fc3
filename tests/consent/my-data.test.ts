/**
 * "Mes données", the domain part: for a person and a producer API about people, the calls
 * that ask the producer what it holds about them, named by the person's own identity — the
 * subject_ref the exchange derives from those parameters is the one of the person's login,
 * and every demo producer about people answers them (through its real connector and backend).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { planMyDataConsultation, subjectParametersFor } from '../../consent/index.js';
import { listDemoPeople, listDemoProducers, startDemoProducers, type DemoProducersRuntime } from '../../connectors/index.js';
import { listEndpoints } from '../../catalog/index.js';
import { parseParticulierIdentity, subjectRef, type PersonPivot } from '../../schemas/index.js';
import { SECRET, startDomainWorld, type DomainWorld } from './domain-world.js';

let w: DomainWorld;
let demo: DemoProducersRuntime;
let dataDir: string;
const person: PersonPivot = (({ email: _email, ...pivot }) => pivot)(listDemoPeople()[0]!);
const PERSON_APIS = listDemoProducers()
  .filter((p) => p.catalog.subjectKind === 'person')
  .map((p) => p.apiSlug);

beforeAll(async () => {
  w = await startDomainWorld();
  dataDir = mkdtempSync(join(tmpdir(), 'dp-mydata-'));
  demo = await startDemoProducers({ pool: w.db.pool, dataDir });
});
afterAll(async () => {
  await demo.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await w.stop();
});

test('every demo producer about people is covered, and answers with the person named by their own identity', async () => {
  expect(PERSON_APIS.length).toBeGreaterThanOrEqual(4);
  for (const slug of PERSON_APIS) {
    const plan = await planMyDataConsultation(w.ctx, { apiSlug: slug, pivot: person, subjectSecret: SECRET });
    expect(plan.subjectRef).toBe(subjectRef(SECRET, { kind: 'person', pivot: person }));
    expect(plan.calls.length).toBeGreaterThan(0);
    for (const call of plan.calls) {
      // The exchange reads these parameters back into the same identity, hence the same subject_ref.
      expect(subjectRef(SECRET, { kind: 'person', pivot: parseParticulierIdentity(call.query) })).toBe(plan.subjectRef);
      // The producer answers them (parameters typed as the exchange's validation types them).
      const endpoint = (await listEndpoints(w.db.pool, slug)).find((e) => e.operationId === call.operationId)!;
      const params = Object.fromEntries(
        Object.entries(call.query).map(([k, v]) => {
          const type = (endpoint.parameters.find((p) => p.name === k)!.schema as { type?: string }).type;
          return [k, type === 'integer' ? Number(v) : v];
        }),
      );
      const res = await demo.connectors.get(slug)!.fetch(
        {
          endpoint: { operationId: call.operationId, method: 'GET', pathTemplate: call.pathTemplate },
          params,
          subject: { kind: 'person', ref: plan.subjectRef },
        },
        { correlationId: randomUUID(), recipient: '13002526500013', deadline: Date.now() + 5000 },
      );
      expect([slug, res.status]).toEqual([slug, 200]);
    }
  }
});

test('an API not about people, or an unknown one, cannot answer it: client.not_found', async () => {
  await expect(
    planMyDataConsultation(w.ctx, { apiSlug: 'insee-unites-legales', pivot: person, subjectSecret: SECRET }),
  ).rejects.toMatchObject({ code: 'client.not_found' });
  await expect(planMyDataConsultation(w.ctx, { apiSlug: 'nope', pivot: person, subjectSecret: SECRET })).rejects.toMatchObject({
    code: 'client.not_found',
  });
});

test('only the parameters an endpoint declares; none for an endpoint that needs more than an identity', () => {
  const q = (name: string, required = true) => ({ name, in: 'query' as const, required, schema: {} });
  expect(subjectParametersFor(person, { method: 'GET', parameters: [q('nomNaissance'), q('prenoms[]')] })).toEqual({
    nomNaissance: person.family_name,
    'prenoms[]': person.given_name.split(' '),
  });
  expect(subjectParametersFor(person, { method: 'GET', parameters: [q('nomNaissance'), q('numeroAllocataire')] })).toBeNull();
  expect(subjectParametersFor(person, { method: 'POST', parameters: [q('nomNaissance')] })).toBeNull();
  expect(
    subjectParametersFor(person, { method: 'GET', parameters: [{ name: 'siren', in: 'path', required: true, schema: {} }] }),
  ).toBeNull();
});
