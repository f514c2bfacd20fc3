import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  listDemoCompanies,
  listDemoPeople,
  listDemoProducers,
  listDemoWorldPeople,
  startDemoProducers,
  validateConnectorConfig,
  type DemoProducersRuntime,
} from '../../connectors/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { context, expectProblem, particulierParams, request, responseValidator } from './helpers.js';

let db: TestDatabase;
let runtime: DemoProducersRuntime;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'dp-demo-'));
  runtime = await startDemoProducers({ pool: db.pool, dataDir });
});
afterAll(async () => {
  await runtime?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const OPERATION: Record<string, string> = {
  'cnaf-quotient-familial': 'getQuotientFamilial',
  'dgfip-situation-fiscale': 'getSituationFiscale',
  'cnous-statut-etudiant-boursier': 'getStatutEtudiantBoursier',
  'france-travail-inscription': 'getInscriptionDemandeurEmploi',
  'insee-unites-legales': 'getUniteLegale',
  'dinum-communes': 'getCommune',
};

describe('the demo world is described consistently', () => {
  test('six producers, each with a valid configuration and an OpenAPI 3.1 document naming its operation', () => {
    const producers = listDemoProducers();
    expect(producers.map((p) => p.apiSlug).sort()).toEqual(Object.keys(OPERATION).sort());
    for (const p of producers) {
      expect(() => validateConnectorConfig(p.connector)).not.toThrow();
      const doc = parse(readFileSync(p.openapiFile, 'utf8')) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
      expect(readFileSync(p.openapiFile, 'utf8')).toContain(`operationId: ${OPERATION[p.apiSlug]}`);
      for (const s of p.catalog.scopes) for (const ptr of s.pointers) expect(ptr).toMatch(/^\//);
    }
  });

  test('the synthetic population is deterministic and a few hundred strong', () => {
    const a = listDemoPeople();
    expect(a.length).toBeGreaterThanOrEqual(200);
    expect(listDemoPeople()).toEqual(a);
    expect(new Set(a.map((p) => p.email)).size).toBe(a.length);
    expect(listDemoCompanies().length).toBeGreaterThanOrEqual(100);
  });
});

describe('each demo producer answers through the port and the answer validates against its OpenAPI', () => {
  const showcase = listDemoWorldPeople()[0]!;

  test.each(['cnaf-quotient-familial', 'dgfip-situation-fiscale', 'cnous-statut-etudiant-boursier', 'france-travail-inscription'])(
    '%s finds the showcase person',
    async (slug) => {
      const producer = listDemoProducers().find((p) => p.apiSlug === slug)!;
      const res = await runtime.connectors.get(slug)!.fetch(request(OPERATION[slug]!, particulierParams(showcase.pivot)), context());
      const validate = await responseValidator(producer.openapiFile, OPERATION[slug]!);
      expect(validate(res.body)).toBe(true);
      expect(validate.errors ?? null).toBeNull();
    },
  );

  test('the same person is found by the family, tax and student producers', async () => {
    for (const person of listDemoWorldPeople().slice(0, 10)) {
      const params = particulierParams(person.pivot);
      const family = await runtime.connectors.get('cnaf-quotient-familial')!.fetch(request('getQuotientFamilial', params), context());
      const tax = await runtime.connectors.get('dgfip-situation-fiscale')!.fetch(request('getSituationFiscale', params), context());
      const student = await runtime.connectors
        .get('cnous-statut-etudiant-boursier')!
        .fetch(request('getStatutEtudiantBoursier', params), context());
      expect((family.body as { quotient_familial: { valeur: number } }).quotient_familial.valeur).toBe(person.family!.quotientFamilial);
      expect((tax.body as { revenu_fiscal_reference: number }).revenu_fiscal_reference).toBe(person.tax!.revenuFiscalReference);
      expect((student.body as { echelon: number }).echelon).toBe(person.student!.echelon);
    }
  });

  test('the company register answers for a synthetic SIREN', async () => {
    const company = listDemoCompanies()[3]!;
    const res = await runtime.connectors.get('insee-unites-legales')!.fetch(request('getUniteLegale', { siren: company.siren }), context());
    const validate = await responseValidator(listDemoProducers().find((p) => p.key === 'insee')!.openapiFile, 'getUniteLegale');
    expect(validate(res.body)).toBe(true);
    expect(res.body).toMatchObject({ siren: company.siren, denomination: company.denomination });
  });

  test('the communes referential answers without a subject', async () => {
    const res = await runtime.connectors.get('dinum-communes')!.fetch(request('getCommune', { code: '69123' }), context());
    const validate = await responseValidator(listDemoProducers().find((p) => p.key === 'dinum')!.openapiFile, 'getCommune');
    expect(validate(res.body)).toBe(true);
    expect(res.body).toMatchObject({ code: '69123', nom: 'Lyon', code_departement: '69' });
  });

  test('a person unknown to a producer is provider.not_found everywhere', async () => {
    const nobody = { ...listDemoPeople()[0]!, family_name: 'PERSONNE-INCONNUE' };
    for (const [slug, op] of Object.entries(OPERATION).slice(0, 4)) {
      await expectProblem(runtime.connectors.get(slug)!.fetch(request(op, particulierParams(nobody)), context()), 'provider.not_found');
    }
    await expectProblem(
      runtime.connectors.get('insee-unites-legales')!.fetch(request('getUniteLegale', { siren: '123456782' }), context()),
      'provider.not_found',
    );
  });

  test.each(listDemoProducers().map((p) => [p.key, p] as const))(
    '%s: the recorded fixture is what the producer answers, and it validates',
    async (_key, producer) => {
      const fixture = JSON.parse(
        readFileSync(join(producer.openapiFile, '..', 'fixtures', `${OPERATION[producer.apiSlug]}.json`), 'utf8'),
      ) as { operationId: string; params: Record<string, unknown>; response: unknown };
      const res = await runtime.connectors.get(producer.apiSlug)!.fetch(request(fixture.operationId, fixture.params), context());
      expect(res.body).toEqual(fixture.response);
      expect((await responseValidator(producer.openapiFile, fixture.operationId))(fixture.response)).toBe(true);
    },
  );

  test('every demo connector reports itself up', async () => {
    for (const c of runtime.connectors.values()) expect((await c.health()).status).toBe('up');
  });
});
