/**
 * Two pages of /espace on the real app and the demo catalogue: a producer sets its APIs'
 * access, sensitivity and consent policy (each change traced in the ledger with its author),
 * and an agent sends a consent request to a person from a form with French messages.
 */
import pino from 'pino';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testPrincipals } from '../../helpers/principals.js';
import { seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../../gateway/demo/catalog.js';
import { getApi } from '../../../catalog/index.js';
import { listDemoProducers } from '../../../connectors/index.js';
import type { Principal } from '../../../gateway/http/principal.js';

const LYON = '21690123100011';
const CNAF = '18000100000017';
const DGFIP = '11000200300017';
const agent = (sub: string, siret: string, roles: Principal['memberships'][number]['roles']): Omit<Principal, 'via'> => ({
  kind: 'agent',
  sub,
  name: sub,
  memberships: [{ siret, roles }],
  platformRoles: [],
});
const CAST = {
  'cnaf-instructeur': agent('cnaf-instructeur', CNAF, ['instructor']),
  'dgfip-instructeur': agent('dgfip-instructeur', DGFIP, ['instructor']),
  'lyon-demandeur': agent('lyon-demandeur', LYON, ['applicant']),
};
const as = (name: keyof typeof CAST) => ({ 'X-Test-Principal': name });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedDemoOrganisations(t.db.pool);
  // The three demo APIs these pages need (the whole demo catalogue is slow to import on a busy machine).
  const needed = new Set(['cnaf-quotient-familial', 'dgfip-situation-fiscale', 'france-travail-inscription']);
  await seedDemoCatalog(
    t.db.pool,
    pino({ level: 'silent' }),
    listDemoProducers().filter((p) => needed.has(p.apiSlug)),
  );
}, 300_000);
afterAll(async () => {
  await t?.stop();
});

async function settingsEvents(
  slug: string,
): Promise<{ actor: { id: string }; detail: { changes: Record<string, { from: unknown; to: unknown }> } }[]> {
  await (t.deps.ledger as { flush?: () => Promise<void> }).flush?.();
  const { rows } = await t.db.pool.query(
    `SELECT actor, detail FROM ledger_events WHERE type = 'catalog.settings' AND api_slug = $1 ORDER BY seq`,
    [slug],
  );
  return rows as never;
}

describe('a producer sets its APIs from /espace/apis', () => {
  it('lists only the APIs of the producer the agent instructs', async () => {
    const page = await request(t.app).get('/espace/apis').set(as('cnaf-instructeur')).expect(200);
    expect(page.text).toContain('action="/espace/apis/cnaf-quotient-familial/reglages"');
    expect(page.text).not.toContain('dgfip-situation-fiscale/reglages');
    expect(page.text).toContain('Très sensible');
  });

  it('saving redirects with a notice, changes the API and records who changed what in the ledger', async () => {
    const post = await request(t.app)
      .post('/espace/apis/cnaf-quotient-familial/reglages')
      .set(as('cnaf-instructeur'))
      .type('form')
      .send('access=restricted&sensitivity=highly_sensitive&consentPolicy=legal_basis&proactive=false&proactive=true');
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/espace/apis?info=reglages#api-cnaf-quotient-familial');
    expect((await getApi(t.db.pool, 'cnaf-quotient-familial')).sensitivity).toBe('highly_sensitive');
    const events = await settingsEvents('cnaf-quotient-familial');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor.id).toBe('cnaf-instructeur');
    expect(events[0]!.detail.changes).toEqual({ sensitivity: { from: 'sensitive', to: 'highly_sensitive' } });
    const after = await request(t.app).get(post.headers.location!).set(as('cnaf-instructeur')).expect(200);
    expect(after.text).toContain('Les réglages de l’API ont été enregistrés');
  });

  it('a value outside the catalogue’s list is refused in French on the page, nothing changes', async () => {
    const before = await getApi(t.db.pool, 'cnaf-quotient-familial');
    const post = await request(t.app)
      .post('/espace/apis/cnaf-quotient-familial/reglages')
      .set(as('cnaf-instructeur'))
      .type('form')
      .send('sensitivity=secret-defense');
    expect(post.status).toBe(422);
    expect(post.text).toContain('valeur non autorisée');
    expect((await getApi(t.db.pool, 'cnaf-quotient-familial')).sensitivity).toBe(before.sensitivity);
  });

  it('the retention of the API’s traces is set in days (a change traced); a minimum above the maximum is refused in French', async () => {
    const bad = await request(t.app)
      .post('/espace/apis/cnaf-quotient-familial/reglages')
      .set(as('cnaf-instructeur'))
      .type('form')
      .send('retentionMinDays=400&retentionMaxDays=365');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('doit être inférieure ou égale à la durée maximale');
    expect((await getApi(t.db.pool, 'cnaf-quotient-familial')).retention).toBeNull();
    await request(t.app)
      .post('/espace/apis/cnaf-quotient-familial/reglages')
      .set(as('cnaf-instructeur'))
      .type('form')
      .send('retentionMinDays=180&retentionMaxDays=365')
      .expect(303);
    expect((await getApi(t.db.pool, 'cnaf-quotient-familial')).retention).toEqual({ minDays: 180, maxDays: 365 });
    const events = await settingsEvents('cnaf-quotient-familial');
    expect(events.at(-1)!.detail.changes).toEqual({ retention: { from: null, to: { minDays: 180, maxDays: 365 } } });
    const page = await request(t.app).get('/espace/apis').set(as('cnaf-instructeur')).expect(200);
    expect(page.text).toMatch(/name="retentionMaxDays"[^>]*value="365"|value="365"[^>]*name="retentionMaxDays"/);
    // The catalogue's API page tells everyone how long the traces are kept.
    const apiPage = await request(t.app).get('/catalogue/api/cnaf-quotient-familial').expect(200);
    expect(apiPage.text).toContain('de 180 à 365 jours après l’échange');
  });

  it('another producer’s API is answered as unknown and stays unchanged', async () => {
    const post = await request(t.app)
      .post('/espace/apis/cnaf-quotient-familial/reglages')
      .set(as('dgfip-instructeur'))
      .type('form')
      .send('sensitivity=standard');
    expect([403, 404]).toContain(post.status);
    expect((await getApi(t.db.pool, 'cnaf-quotient-familial')).sensitivity).not.toBe('standard');
  });

  it('the REST route records the same ledger event', async () => {
    await request(t.app)
      .patch('/v1/catalog/apis/dgfip-situation-fiscale')
      .set(as('dgfip-instructeur'))
      .send({ consentPolicy: 'consent_required' })
      .expect(200);
    const events = await settingsEvents('dgfip-situation-fiscale');
    expect(events.at(-1)!.detail.changes).toEqual({ consentPolicy: { from: 'legal_basis', to: 'consent_required' } });
    await request(t.app)
      .patch('/v1/catalog/apis/dgfip-situation-fiscale')
      .set(as('dgfip-instructeur'))
      .send({ consentPolicy: 'legal_basis' })
      .expect(200);
  });
});

describe('an agent sends a consent request from /espace/consentements', () => {
  it('the empty form comes back with French messages next to each field, and nothing is filed', async () => {
    const post = await request(t.app).post('/espace/consentements').set(as('lyon-demandeur')).type('form').send(`consumerSiret=${LYON}`);
    expect(post.status).toBe(422);
    expect(post.text).toContain('id="resume-erreurs"');
    expect(post.text).toMatch(/id="family_name-erreur">[^<]*ne doit pas être vide|id="family_name-erreur">[^<]*champ obligatoire/);
    expect(post.text).not.toMatch(/must (have|be)/);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM consent_requests');
    expect(rows[0].n).toBe(0);
  });

  it('a complete form files the request (303) and the organisation sees it pending', async () => {
    const page = await request(t.app).get('/espace/consentements').set(as('lyon-demandeur')).expect(200);
    expect(page.text).toContain('value="france-travail-inscription"');
    const post = await request(t.app).post('/espace/consentements').set(as('lyon-demandeur')).type('form').send({
      consumerSiret: LYON,
      apiSlug: 'france-travail-inscription',
      family_name: 'Martin',
      given_name: 'Camille',
      birthdate: '1990-04-12',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
      purpose: 'Calculer le tarif de la cantine de votre enfant',
      durationDays: '365',
    });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/espace/consentements?info=consentement-demande#envoyees');
    const after = await request(t.app).get(post.headers.location!).set(as('lyon-demandeur')).expect(200);
    expect(after.text).toContain('Calculer le tarif de la cantine de votre enfant');
    expect(after.text).toContain('data-status="pending"');
    expect(after.text).not.toContain('Martin'); // the person's identity is not kept, nor shown
  });

  it('an agent without the applicant role is refused', async () => {
    const res = await request(t.app).get('/espace/consentements').set(as('cnaf-instructeur'));
    expect(res.status).toBe(403);
  });
});
