/**
 * The counter's REST surface on the demo world (docs/architecture.md, "Counter"): moderation
 * (nothing unpublished reaches the public, the list or the catalogue's search), who may write
 * what, the answers and their notification, a need turned into a prefilled access request, and
 * every change recorded in the ledger without the texts or the address.
 */
import pino from 'pino';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/login.js';
import { seedDemo } from '../../gateway/demo/index.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';

const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const GIRONDE = DEMO_ORGANISATIONS.departementGironde.siret;
const CNAF = DEMO_ORGANISATIONS.cnaf.siret;

let t: TestApp;
type Who = { cookie: string; csrf: string };
const as: Record<string, Who> = {};

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  for (const [name, account] of Object.entries({
    lyon: 'ville-lyon-demandeur',
    gironde: 'departement-gironde-demandeur',
    cnaf: 'cnaf-instructeur',
    admin: 'admin',
  })) {
    const me = await loginAs(t, account);
    as[name] = { cookie: me.cookie, csrf: me.csrfToken };
  }
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

function get(path: string, who?: string): request.Test {
  const r = request(t.app).get(path);
  return who ? r.set('Cookie', as[who]!.cookie) : r;
}
function post(path: string, who: string, body: object): request.Test {
  return request(t.app).post(path).set('Cookie', as[who]!.cookie).set('X-CSRF-Token', as[who]!.csrf).send(body);
}

async function counterEvents(): Promise<{ action: string; object: string; row: string }[]> {
  const { rows } = await t.db.pool.query<{ detail: { action: string }; object: string; row: string }>(
    `SELECT detail, object, row_to_json(e)::text AS row FROM ledger_events e WHERE type = 'counter.event' ORDER BY recorded_at, seq`,
  );
  return rows.map((r) => ({ action: r.detail.action, object: r.object, row: r.row }));
}

const USE_CASE = {
  organisationSiret: CNAF,
  slug: 'aide-creche-quotient-familial',
  title: 'Tarif de la crèche municipale selon le quotient familial',
  summary: 'La crèche obtient le quotient familial auprès de la CAF au lieu de demander l’attestation aux parents.',
  administrations: ['Ville de Lyon', 'CNAF'],
  legalBasis: 'Code des relations entre le public et l’administration, article L. 114-8',
  documentsBefore: ['Attestation de quotient familial'],
  documentsAfter: [],
  apiSlugs: ['cnaf-quotient-familial'],
  dataElements: ['quotient_familial'],
};

describe('use cases: published after review, searchable with the catalogue’s search', () => {
  test('the demo world publishes three use cases, found by the French search', async () => {
    const list = await get('/v1/counter/use-cases').expect(200);
    expect((list.body.items as { slug: string }[]).map((u) => u.slug).sort()).toEqual([
      'bourse-etudiant-crous',
      'marche-public-donnees-entreprise',
      'tarif-cantine-quotient-familial',
    ]);
    const cantine = await get('/v1/counter/use-cases?q=cantine').expect(200);
    expect((cantine.body.items as { slug: string }[]).map((u) => u.slug)).toEqual(['tarif-cantine-quotient-familial']);
    const kbis = await get(`/v1/counter/use-cases?q=${encodeURIComponent('extrait kbis')}`).expect(200);
    expect((kbis.body.items as { slug: string }[]).map((u) => u.slug)).toEqual(['marche-public-donnees-entreprise']);
    // The catalogue's own search is unchanged unless use cases are asked for.
    const catalogue = await get('/v1/catalog/search?q=cantine').expect(200);
    expect((catalogue.body.items as { kind: string }[]).some((h) => h.kind === 'use_case')).toBe(false);
  });

  test('a producer’s use case stays invisible to the public until the operator publishes it', async () => {
    const created = await post('/v1/counter/use-cases', 'cnaf', USE_CASE).expect(201);
    expect(created.body.status).toBe('submitted');
    const path = `/v1/counter/use-cases/${USE_CASE.slug}`;
    expect((await get(path)).body.code).toBe('client.not_found');
    expect((await get(path, 'lyon')).body.code).toBe('client.not_found');
    expect((await get(path, 'cnaf')).status).toBe(200);
    expect((await get('/v1/counter/use-cases?q=crèche')).body.items).toEqual([]);
    const queue = await get('/v1/counter/moderation', 'admin').expect(200);
    expect((queue.body.useCases as { slug: string }[]).map((u) => u.slug)).toEqual([USE_CASE.slug]);

    const noReason = await post(`/v1/counter/use-cases/${created.body.id}/moderation`, 'admin', { decision: 'reject' });
    expect([noReason.status, noReason.body.code]).toEqual([422, 'client.reason_required']);
    await post(`/v1/counter/use-cases/${created.body.id}/moderation`, 'admin', { decision: 'publish' }).expect(200);
    const again = await post(`/v1/counter/use-cases/${created.body.id}/moderation`, 'admin', { decision: 'publish' });
    expect([again.status, again.body.code]).toEqual([409, 'client.invalid_transition']);

    expect((await get(path)).status).toBe(200);
    expect((await get('/v1/counter/use-cases?q=crèche')).body.items.map((u: { slug: string }) => u.slug)).toEqual([USE_CASE.slug]);
    const actions = (await counterEvents()).filter((e) => e.object === `use_case:${created.body.id}`).map((e) => e.action);
    expect(actions).toEqual(['use_case_submitted', 'use_case_published']);
  });

  test('who may write: a producer for its own APIs, known APIs and data elements only, French problems', async () => {
    const other = await post('/v1/counter/use-cases', 'cnaf', { ...USE_CASE, slug: 'autre', apiSlugs: ['insee-unites-legales'] });
    expect([other.status, other.body.code]).toEqual([403, 'client.forbidden']);
    const forLyon = await post('/v1/counter/use-cases', 'cnaf', { ...USE_CASE, slug: 'autre', organisationSiret: LYON });
    expect([forLyon.status, forLyon.body.code]).toEqual([403, 'client.forbidden']);
    const consumer = await post('/v1/counter/use-cases', 'lyon', { ...USE_CASE, slug: 'autre', organisationSiret: LYON });
    expect([consumer.status, consumer.body.code]).toEqual([403, 'client.forbidden']);
    const unknownApi = await post('/v1/counter/use-cases', 'cnaf', { ...USE_CASE, slug: 'autre', apiSlugs: ['inconnue'] });
    expect([unknownApi.status, unknownApi.body.code, unknownApi.body.errors[0].pointer]).toEqual([
      422,
      'client.validation_failed',
      '/apiSlugs/0',
    ]);
    const unknownElement = await post('/v1/counter/use-cases', 'cnaf', { ...USE_CASE, slug: 'autre', dataElements: ['inconnue'] });
    expect([unknownElement.status, unknownElement.body.errors[0].pointer]).toEqual([422, '/dataElements/0']);
    const extra = await post('/v1/counter/use-cases', 'cnaf', { ...USE_CASE, slug: 'autre', extra: 1 });
    expect([extra.status, extra.body.code]).toEqual([422, 'client.validation_failed']);
    expect(extra.headers['content-type']).toMatch(/^application\/problem\+json/);
    const taken = await post('/v1/counter/use-cases', 'cnaf', USE_CASE);
    expect([taken.status, taken.body.code]).toEqual([409, 'client.conflict']);
    const anonymous = await request(t.app).post('/v1/counter/use-cases').send(USE_CASE);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'client.unauthenticated']);
  });
});

describe('data needs: declared, reviewed, supported, answered, turned into an access request', () => {
  const NEED = {
    organisationSiret: LYON,
    title: 'Le quotient familial des familles qui inscrivent leur enfant au centre de loisirs',
    purpose: 'Appliquer le tarif social du centre de loisirs sans demander l’attestation CAF.',
    legalBasis: 'Code des relations entre le public et l’administration, article L. 114-8',
    expectedVolume: '3 000 familles par an',
    deadline: '2027-09-01',
    notifyEmail: 'agent.lyon@demo.datapedia.gouv.fr',
  };
  let id = '';

  test('a need is public only once published; the requester sees it before', async () => {
    const created = await post('/v1/counter/needs', 'lyon', NEED).expect(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ status: 'submitted', requesterSiret: LYON, answer: null });
    expect(JSON.stringify(created.body)).not.toContain(NEED.notifyEmail);
    expect((await get(`/v1/counter/needs/${id}`)).body.code).toBe('client.not_found');
    expect((await get(`/v1/counter/needs/${id}`, 'gironde')).body.code).toBe('client.not_found');
    expect((await get(`/v1/counter/needs/${id}`, 'lyon')).status).toBe(200);
    expect(((await get('/v1/counter/needs')).body.items as { id: string }[]).some((n) => n.id === id)).toBe(false);
    const support = await post(`/v1/counter/needs/${id}/support`, 'gironde', { organisationSiret: GIRONDE });
    expect([support.status, support.body.code]).toEqual([404, 'client.not_found']);
    const answer = await post(`/v1/counter/needs/${id}/answer`, 'cnaf', {
      organisationSiret: CNAF,
      kind: 'available',
      apiSlug: 'cnaf-quotient-familial',
    });
    expect([answer.status, answer.body.code]).toEqual([404, 'client.not_found']);
    await post(`/v1/counter/needs/${id}/moderation`, 'admin', { decision: 'publish' }).expect(200);
    expect((await get(`/v1/counter/needs/${id}`)).status).toBe(200);
    expect(((await get('/v1/counter/needs')).body.items as { id: string }[]).some((n) => n.id === id)).toBe(true);
  });

  test('another administration supports it, once; not its own requester', async () => {
    expect((await post(`/v1/counter/needs/${id}/support`, 'gironde', { organisationSiret: GIRONDE }).expect(200)).body.supporters).toEqual([
      GIRONDE,
    ]);
    expect((await post(`/v1/counter/needs/${id}/support`, 'gironde', { organisationSiret: GIRONDE }).expect(200)).body.supporters).toEqual([
      GIRONDE,
    ]);
    const own = await post(`/v1/counter/needs/${id}/support`, 'lyon', { organisationSiret: LYON });
    expect([own.status, own.body.code]).toEqual([409, 'client.conflict']);
    const forOther = await post(`/v1/counter/needs/${id}/support`, 'gironde', { organisationSiret: LYON });
    expect([forOther.status, forOther.body.code]).toEqual([403, 'client.forbidden']);
  });

  test('before an answer, no access request can be drafted', async () => {
    const early = await post(`/v1/counter/needs/${id}/access-request`, 'lyon', {});
    expect([early.status, early.body.code]).toEqual([409, 'client.invalid_transition']);
  });

  test('a producer answers « available » with its own API; the requester is notified through the outbox', async () => {
    const notTheirs = await post(`/v1/counter/needs/${id}/answer`, 'cnaf', {
      organisationSiret: CNAF,
      kind: 'available',
      apiSlug: 'insee-unites-legales',
    });
    expect([notTheirs.status, notTheirs.body.code]).toEqual([403, 'client.forbidden']);
    const noReason = await post(`/v1/counter/needs/${id}/answer`, 'cnaf', { organisationSiret: CNAF, kind: 'not_possible' });
    expect([noReason.status, noReason.body.code]).toEqual([422, 'client.reason_required']);
    const noDate = await post(`/v1/counter/needs/${id}/answer`, 'cnaf', { organisationSiret: CNAF, kind: 'planned' });
    expect([noDate.status, noDate.body.code]).toEqual([422, 'client.validation_failed']);
    const consumer = await post(`/v1/counter/needs/${id}/answer`, 'lyon', {
      organisationSiret: LYON,
      kind: 'planned',
      plannedFor: '2027-01-01',
    });
    expect([consumer.status, consumer.body.code]).toEqual([403, 'client.forbidden']);

    const answered = await post(`/v1/counter/needs/${id}/answer`, 'cnaf', {
      organisationSiret: CNAF,
      kind: 'available',
      apiSlug: 'cnaf-quotient-familial',
    }).expect(200);
    expect(answered.body.answer).toMatchObject({ kind: 'available', apiSlug: 'cnaf-quotient-familial', bySiret: CNAF });
    expect((await get(`/v1/counter/needs/${id}`)).body.answer.kind).toBe('available');
    const { rows } = await t.db.pool.query(`SELECT kind, recipient, status FROM notify_outbox WHERE kind = 'need_answered'`);
    expect(rows).toEqual([{ kind: 'need_answered', recipient: NEED.notifyEmail, status: 'pending' }]);
  });

  test('the requester turns the answer into an access request, prefilled from the need, once', async () => {
    const other = await post(`/v1/counter/needs/${id}/access-request`, 'gironde', {});
    expect([other.status, other.body.code]).toEqual([404, 'client.not_found']);
    const drafted = await post(`/v1/counter/needs/${id}/access-request`, 'lyon', {}).expect(201);
    const contract = await get(`/v1/contracts/${drafted.body.contractId}`, 'lyon').expect(200);
    expect(contract.body).toMatchObject({ consumerSiret: LYON, producerSiret: CNAF, apiSlug: 'cnaf-quotient-familial', status: 'pending' });
    expect(contract.body.versions[0].form).toMatchObject({
      intitule: NEED.title,
      purpose: NEED.purpose,
      cadre_juridique_nature: NEED.legalBasis,
      production_date: NEED.deadline,
    });
    const again = await post(`/v1/counter/needs/${id}/access-request`, 'lyon', {}).expect(200);
    expect(again.body.contractId).toBe(drafted.body.contractId);
    expect((await get(`/v1/counter/needs/${id}`)).body.requestContractId).toBe(drafted.body.contractId);
  });

  test('every step is a ledger event, without the texts or the address (invariant 4)', async () => {
    const events = (await counterEvents()).filter((e) => e.object === `need:${id}`);
    expect(events.map((e) => e.action)).toEqual([
      'need_submitted',
      'need_published',
      'need_supported',
      'need_answered',
      'need_request_drafted',
    ]);
    for (const e of events) {
      expect(e.row).not.toContain(NEED.notifyEmail);
      expect(e.row).not.toContain('centre de loisirs');
    }
  });
});
