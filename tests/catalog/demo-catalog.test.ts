import request from 'supertest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';
import { listDemoProducers, type DemoProducer } from '../../connectors/index.js';
import { listScopes, resolveEndpoint } from '../../catalog/index.js';
import { CNAF, FIXTURES } from './helpers.js';
import { join } from 'node:path';

const logger = pino({ level: 'silent' });

/** A producer of our own fixtures, written against the connectors' DemoProducer interface. */
const fixtureProducer: DemoProducer = {
  key: 'famille',
  apiSlug: 'famille-fixture',
  producerSiret: CNAF,
  openapiFile: join(FIXTURES, 'family-v1.yaml'),
  catalog: {
    title: 'Famille (fixture)',
    description: 'Quotient familial.',
    version: '1.0.0',
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
    rateLimitPerMinute: 60,
    scopes: [{ name: 'qf', label: 'Quotient familial', pointers: ['/quotient_familial'] }],
    fields: { '/quotient_familial/valeur': 'quotient_familial' },
  },
  connector: null,
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoOrganisations(t.db.pool);
});
afterAll(async () => {
  await t.stop();
});

describe('the demo world is published in the catalogue', () => {
  test('a fixture producer: API, document, scopes, field links, published; idempotent', async () => {
    const first = await seedDemoCatalog(t.db.pool, logger, [fixtureProducer]);
    expect(first).toMatchObject({ apis: 1, imported: 1 });
    const again = await seedDemoCatalog(t.db.pool, logger, [fixtureProducer]);
    expect(again.imported).toBe(0);
    const api = await request(t.app).get('/v1/catalog/apis/famille-fixture');
    expect(api.body).toMatchObject({ lifecycle: 'published', rateLimitPerMinute: 60 });
    expect((await listScopes(t.db.pool, 'famille-fixture')).map((s) => s.name)).toEqual(['qf']);
  });

  test('every demo producer of the connectors', async () => {
    const producers = listDemoProducers();
    await seedDemoCatalog(t.db.pool, logger, producers);
    for (const p of producers) {
      const api = await request(t.app).get(`/v1/catalog/apis/${p.apiSlug}`);
      expect([p.apiSlug, api.body.lifecycle]).toEqual([p.apiSlug, 'published']);
      expect((await listScopes(t.db.pool, p.apiSlug)).length).toBe(p.catalog.scopes.length);
      const fields = await request(t.app).get(`/v1/catalog/apis/${p.apiSlug}/fields`);
      expect(Object.keys(fields.body.fields).sort()).toEqual(Object.keys(p.catalog.fields).sort());
    }
    const cnaf = producers.find((p) => p.key === 'cnaf');
    if (cnaf) {
      const eps = await request(t.app).get(`/v1/catalog/apis/${cnaf.apiSlug}/endpoints`);
      const first = eps.body.items[0];
      expect(await resolveEndpoint(t.db.pool, cnaf.apiSlug, first.method, first.pathTemplate.replace(/\{[^}]+\}/g, 'x'))).not.toBeNull();
    }
    const qf = await request(t.app).get('/v1/catalog/data-elements/quotient_familial');
    expect(qf.body.carriers.length).toBeGreaterThan(0);
  }, 120_000);
});
