import request from 'supertest';
import { startTestApp, adminAuth, type TestApp } from '../helpers/app.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { putDataElement, DATA_ELEMENTS } from '../../catalog/index.js';
import { API_BODY, DINUM, createAndImport } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoOrganisations(t.db.pool);
  for (const e of DATA_ELEMENTS) await putDataElement(t.db.pool, e);
  await createAndImport(t.app, API_BODY, 'family-v1.yaml');
  await request(t.app).post('/v1/catalog/apis/famille-test/lifecycle').set(adminAuth).send({ to: 'published' });
  await request(t.app)
    .put('/v1/catalog/apis/famille-test/fields')
    .set(adminAuth)
    .send({ fields: { '/quotient_familial/valeur': 'quotient_familial' } });
  await createAndImport(
    t.app,
    {
      ...API_BODY,
      slug: 'communes-test',
      producerSiret: DINUM,
      title: 'Référentiel des communes',
      description: 'Codes officiels géographiques.',
      access: 'open',
      sensitivity: 'standard',
      subjectKind: 'none',
      consentPolicy: 'none',
    },
    'circular.json',
  );
  await request(t.app).post('/v1/catalog/apis/communes-test/lifecycle').set(adminAuth).send({ to: 'published' });
  await createAndImport(t.app, { ...API_BODY, slug: 'brouillon-test', title: 'Quotient brouillon' }, 'family-v1.yaml');
});
afterAll(async () => {
  await t.stop();
});

const search = (query: string) => request(t.app).get(`/v1/catalog/search?${query}`);

describe('French full-text search (stemming, accents ignored), ranked, filtered', () => {
  test('finds APIs, endpoints and data elements; accents and plurals ignored', async () => {
    const res = await search('q=quotients%20familiaux');
    expect(res.status).toBe(200);
    const kinds = new Set(res.body.items.map((h: { kind: string }) => h.kind));
    expect(kinds).toEqual(new Set(['api', 'endpoint', 'data_element']));
    expect((await search('q=echelon')).body.items.map((h: { id: string }) => h.id)).toContain('echelon_bourse');
    expect((await search('q=référentiel')).body.items[0]).toMatchObject({ kind: 'api', id: 'communes-test' });
  });

  test('ranked: the title match comes first', async () => {
    const res = await search('q=quotient%20familial');
    expect(res.body.items[0].rank).toBeGreaterThanOrEqual(res.body.items.at(-1).rank);
  });

  test('drafts are never found', async () => {
    const res = await search('q=brouillon');
    expect(res.body.items.find((h: { apiSlug: string }) => h.apiSlug === 'brouillon-test')).toBeUndefined();
  });

  test('filters: producer, subject kind, sensitivity, access', async () => {
    const byProducer = await search(`q=quotient&producer=${DINUM}`);
    expect(byProducer.body.items).toEqual([]);
    const open = await search('q=communes%20OR%20quotient&access=open');
    expect(open.body.items.every((h: { apiSlug: string | null }) => h.apiSlug === 'communes-test' || h.apiSlug === null)).toBe(true);
    const company = await search('q=siren&subjectKind=company');
    expect(company.body.items.map((h: { id: string }) => h.id)).toContain('siren');
    expect((await search('q=siren&subjectKind=person')).body.items.map((h: { id: string }) => h.id)).not.toContain('siren');
    expect((await search('q=quotient&sensitivity=standard')).body.items.map((h: { id: string }) => h.id)).not.toContain(
      'quotient_familial',
    );
  });

  test('bad parameters -> 400 with a stable code', async () => {
    expect((await search('q=')).body.code).toBe('client.invalid_parameter');
    expect((await search('q=a&access=secret')).body.code).toBe('client.invalid_parameter');
    expect((await search('q=a&q=b')).body.code).toBe('client.duplicate_parameter');
    expect((await search('q=a&producer=123')).body.code).toBe('client.invalid_siret');
  });

  test('websearch syntax never errors (quotes, minus, symbols)', async () => {
    for (const q of ['"quotient familial"', '-quotient', '&|!:*()', "l'échelon"]) {
      expect((await search(`q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
  });
});
