/**
 * The flows pages and the operator's surface over real parts: an instructing agent's inbox,
 * the dossier page (form, attachment link, acknowledgement and status forms, Post/Redirect/Get),
 * a refused transition shown on the page; the operator's procedures, subscriptions (request by
 * the subscriber's admin, decision by the procedure's owner), dead letters and delivery lag, and
 * the operator page; pages refuse whoever their declaration excludes.
 */
import request from 'supertest';
import { pdf } from '../../flows/world.js';
import { CLAIRE, FRONT_OFFICE, GIRONDE, LYON, startFlowsHttpWorld, type FlowsHttpWorld } from './world.js';

const DINUM = '13000600000017';
let w: FlowsHttpWorld;
let fo = '';
beforeAll(async () => {
  w = await startFlowsHttpWorld({
    principals: {
      lyonAgent: {
        kind: 'agent',
        sub: 'agent-lyon',
        name: 'Agent Lyon',
        memberships: [{ siret: LYON, roles: ['instructor'] }],
        platformRoles: [],
      },
      twoOrgs: {
        kind: 'agent',
        sub: 'agent-deux',
        memberships: [
          { siret: LYON, roles: ['instructor'] },
          { siret: GIRONDE, roles: ['admin'] },
        ],
        platformRoles: [],
      },
      girondeAdmin: { kind: 'agent', sub: 'admin-gironde', memberships: [{ siret: GIRONDE, roles: ['admin'] }], platformRoles: [] },
      dinumAdmin: { kind: 'agent', sub: 'admin-dinum', memberships: [{ siret: DINUM, roles: ['admin'] }], platformRoles: [] },
      operator: { kind: 'service', sub: 'operateur', memberships: [], platformRoles: ['admin'] },
      citizen: { kind: 'citizen', sub: 'fc', memberships: [], platformRoles: [], citizen: { pivot: CLAIRE, subjectRef: 'x'.repeat(64) } },
    },
  });
  fo = await w.token(FRONT_OFFICE.clientId, FRONT_OFFICE.secret);
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

async function depositOne(key: string): Promise<string> {
  const r = await request(w.app)
    .post('/v1/flows/dossiers')
    .set('Authorization', `Bearer ${fo}`)
    .set('Idempotency-Key', key)
    .field(
      'dossier',
      JSON.stringify({
        procedureCode: 'inscription-listes-electorales',
        communeCode: '69123',
        applicant: { kind: 'person', pivot: CLAIRE },
        form: { adresse: '1 place de la Comédie, Lyon', nationalite: 'francaise' },
      }),
    )
    .attach('piece', pdf(5000), 'justificatif-domicile.pdf');
  expect(r.status).toBe(201);
  return r.body.id as string;
}

test('an agent instructs from /espace: inbox, dossier page, acknowledgement, statuses (Post/Redirect/Get), refused transition on the page', async () => {
  const id = await depositOne('pages-1');
  const inbox = await request(w.app).get('/espace/demarches').set('X-Test-Principal', 'lyonAgent');
  expect(inbox.status).toBe(200);
  expect(inbox.text).toContain('Inscription sur les listes électorales');
  expect(inbox.text).toContain(`/espace/demarches/dossiers/${id}`);

  const page = await request(w.app).get(`/espace/demarches/dossiers/${id}`).set('X-Test-Principal', 'lyonAgent');
  expect(page.status).toBe(200);
  expect(page.text).toContain('1 place de la Comédie, Lyon');
  expect(page.text).toContain('Claire Anne Martin');
  expect(page.text).toContain(`/v1/flows/dossiers/${id}/attachments/1`);
  const file = await request(w.app).get(`/v1/flows/dossiers/${id}/attachments/1`).set('X-Test-Principal', 'lyonAgent');
  expect([file.status, file.headers['content-disposition']]).toEqual([
    200,
    'attachment; filename="justificatif-domicile.pdf"; filename*=UTF-8\'\'justificatif-domicile.pdf',
  ]);
  // Opened but not acknowledged: out of the inbox until the visibility timeout.
  expect((await request(w.app).get('/espace/demarches').set('X-Test-Principal', 'lyonAgent')).text).not.toContain(
    `/espace/demarches/dossiers/${id}"`,
  );

  const ack = await request(w.app)
    .post(`/espace/demarches/dossiers/${id}/accuser-reception`)
    .set('X-Test-Principal', 'lyonAgent')
    .type('form')
    .send({});
  expect([ack.status, ack.headers.location]).toEqual([303, `/espace/demarches/dossiers/${id}?info=acquitte`]);
  const status = await request(w.app)
    .post(`/espace/demarches/dossiers/${id}/statut`)
    .set('X-Test-Principal', 'lyonAgent')
    .type('form')
    .send({ status: 'rejected', message: 'Justificatif de plus de trois mois.' });
  expect([status.status, status.headers.location]).toEqual([303, `/espace/demarches/dossiers/${id}?info=statut`]);
  const after = await request(w.app).get(`/espace/demarches/dossiers/${id}?info=statut`).set('X-Test-Principal', 'lyonAgent');
  expect(after.text).toContain('Le statut a été publié');
  expect(after.text).toContain('Réception confirmée le');
  const refused = await request(w.app)
    .post(`/espace/demarches/dossiers/${id}/statut`)
    .set('X-Test-Principal', 'lyonAgent')
    .type('form')
    .send({ status: 'in_progress' });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Transition non autorisée');

  // An agent of two organisations names the one they instruct for; pages refuse the others.
  expect((await request(w.app).get('/espace/demarches').set('X-Test-Principal', 'twoOrgs')).status).toBe(400);
  expect((await request(w.app).get(`/espace/demarches?organisation=${LYON}`).set('X-Test-Principal', 'twoOrgs')).status).toBe(200);
  expect((await request(w.app).get(`/espace/demarches?organisation=${GIRONDE}`).set('X-Test-Principal', 'lyonAgent')).status).toBe(403);
  expect((await request(w.app).get('/espace/demarches').set('X-Test-Principal', 'citizen')).status).toBe(403);
  expect((await request(w.app).get(`/espace/demarches/dossiers/${id}`).set('X-Test-Principal', 'girondeAdmin')).status).toBe(404);
});

test('the operator: procedures, subscriptions requested and decided by the owner, dead letters, delivery lag, the page', async () => {
  const procedures = await request(w.app).get('/v1/flows/procedures');
  expect(procedures.body.items.map((p: { code: string }) => p.code).sort()).toEqual([
    'acte-naissance',
    'aide-restauration-scolaire',
    'inscription-listes-electorales',
  ]);
  const asked = await request(w.app)
    .post('/v1/flows/subscriptions')
    .set('X-Test-Principal', 'girondeAdmin')
    .send({
      procedureCode: 'acte-naissance',
      subscriberSiret: GIRONDE,
      subscriberName: 'Département de la Gironde',
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'push', webhookUrl: 'http://127.0.0.1:9/hook' },
    });
  expect([asked.status, asked.body.status]).toEqual([201, 'pending']);
  const foreign = await request(w.app)
    .post('/v1/flows/subscriptions')
    .set('X-Test-Principal', 'girondeAdmin')
    .send({
      procedureCode: 'acte-naissance',
      subscriberSiret: LYON,
      subscriberName: 'Lyon',
      territories: [{ level: 'commune', code: '69123' }],
      delivery: { mode: 'pull' },
    });
  expect([foreign.status, foreign.body.code]).toEqual([403, 'client.forbidden']);
  const offHost = await request(w.app)
    .post('/v1/flows/subscriptions')
    .set('X-Test-Principal', 'girondeAdmin')
    .send({
      procedureCode: 'acte-naissance',
      subscriberSiret: GIRONDE,
      subscriberName: 'Gironde',
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'push', webhookUrl: 'https://exemple.invalid/hook' },
    });
  expect([offHost.status, offHost.body.code]).toEqual([422, 'client.validation_failed']);
  expect(
    (await request(w.app).post(`/v1/flows/subscriptions/${asked.body.id}/approve`).set('X-Test-Principal', 'girondeAdmin')).status,
  ).toBe(403);
  const approved = await request(w.app).post(`/v1/flows/subscriptions/${asked.body.id}/approve`).set('X-Test-Principal', 'dinumAdmin');
  expect([approved.status, approved.body.status]).toEqual([200, 'active']);
  expect((await request(w.app).post('/v1/flows/subscriptions/not-an-id/approve').set('X-Test-Principal', 'operator')).status).toBe(404);

  const subs = await request(w.app).get('/v1/flows/subscriptions?procedure=acte-naissance').set('X-Test-Principal', 'operator');
  expect(subs.body.items.map((s: { subscriberSiret: string }) => s.subscriberSiret).sort()).toEqual([LYON, GIRONDE].sort());
  expect((await request(w.app).get('/v1/flows/dead-letters').set('X-Test-Principal', 'operator')).body.items).toEqual([]);
  expect(
    (await request(w.app).post('/v1/flows/dead-letters/00000000-0000-4000-8000-000000000000/requeue').set('X-Test-Principal', 'operator'))
      .status,
  ).toBe(404);
  const lag = await request(w.app).get('/v1/flows/delivery-lag').set('X-Test-Principal', 'operator');
  expect(lag.status).toBe(200);
  expect((await request(w.app).get('/v1/flows/delivery-lag').set('X-Test-Principal', 'lyonAgent')).status).toBe(403);
  const page = await request(w.app).get('/audit/demarches').set('X-Test-Principal', 'operator');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Acheminement des démarches');
  expect(page.text).toContain('Département de la Gironde');
  expect((await request(w.app).get('/audit/demarches').set('X-Test-Principal', 'lyonAgent')).status).toBe(403);
});
