/**
 * The README's instructing administrations: each test agent it names for the dossiers received
 * exists in the embedded provider, logs in through the real authorisation-code flow and, on the
 * demo world, reaches its own inbox page at the address the README prints — the dossier the
 * README's front office deposits for Lyon appears in Lyon's inbox only, opens, and is
 * acknowledged from the page (session CSRF token).
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import request from 'supertest';
import { seedDemo } from '../../../gateway/demo/index.js';
import { DEMO_FLOWS_CLIENTS, DEMO_FLOWS_COMMUNES, DEMO_FLOWS_DEPARTEMENT } from '../../../gateway/demo/flows.js';
import { findTestAccount } from '../../../gateway/demo/test-accounts.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/login.js';

const readme = readFileSync('README.md', 'utf8');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date());
  await seedDemo(t.db.pool, pino({ level: 'silent' }), t.deps.config);
  // The demo contracts are approved on the system clock: the app's clock moves past their start.
  t.clock.set(new Date(Date.now() + 1000));
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const SUBSCRIBERS = [
  { account: 'ville-lyon-instructeur', siret: DEMO_FLOWS_COMMUNES[0]!.siret },
  { account: 'departement-gironde-instructeur', siret: DEMO_FLOWS_DEPARTEMENT.siret },
];

test('the README names each subscriber agent and the page to open; each is an instructor of its administration', () => {
  expect(readme).toContain('http://localhost:3000/espace/demarches');
  for (const s of SUBSCRIBERS) {
    expect(readme).toContain(`\`${s.account}\``);
    expect(findTestAccount(s.account)).toMatchObject({ kind: 'agent', siret: s.siret, roles: { siret: s.siret, roles: ['instructor'] } });
  }
});

test('Lyon’s agent sees, opens and acknowledges the dossier deposited for Lyon; the Gironde’s agent does not see it', async () => {
  const fo = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'front-office')!;
  const token = await request(t.app)
    .post('/oauth/token')
    .auth(fo.clientId, fo.secret)
    .type('form')
    .send({ grant_type: 'client_credentials' })
    .expect(200);
  // The README's deposit (step 2), as printed there.
  const deposited = await request(t.app)
    .post('/v1/flows/dossiers')
    .set('Authorization', `Bearer ${token.body.access_token}`)
    .set('Idempotency-Key', 'readme-demo-agents-1')
    .field(
      'dossier',
      JSON.stringify({
        procedureCode: 'aide-restauration-scolaire',
        communeCode: '69123',
        applicant: {
          kind: 'person',
          pivot: {
            given_name: 'Noé',
            family_name: 'MULLER',
            birthdate: '2000-06-11',
            gender: 'male',
            birthplace: '75118',
            birthcountry: '99100',
          },
        },
        form: { numeroAllocataire: '1234567', enfants: [{ prenom: 'Léa', ecole: 'École Jean Macé' }] },
      }),
    )
    .attach('piece', Buffer.from('%PDF-1.7\n%%EOF\n'), 'avis.pdf');
  expect(deposited.status).toBe(201);
  const id = deposited.body.id as string;

  const lyon = await loginAs(t, 'ville-lyon-instructeur', '/espace/demarches');
  expect(lyon.location).toBe('/espace/demarches');
  const inbox = await request(t.app).get('/espace/demarches').set('Cookie', lyon.cookie).expect(200);
  expect(inbox.text).toContain(`/espace/demarches/dossiers/${id}`);
  const page = await request(t.app).get(`/espace/demarches/dossiers/${id}`).set('Cookie', lyon.cookie).expect(200);
  expect(page.text).toContain('Confirmer la réception');
  const ack = await request(t.app)
    .post(`/espace/demarches/dossiers/${id}/accuser-reception`)
    .set('Cookie', lyon.cookie)
    .type('form')
    .send({ _csrf: lyon.csrfToken });
  expect([ack.status, ack.headers.location]).toEqual([303, `/espace/demarches/dossiers/${id}?info=acquitte`]);
  expect((await request(t.app).get(`/espace/demarches/dossiers/${id}`).set('Cookie', lyon.cookie).expect(200)).text).toContain(
    'id="acquitte"',
  );

  const gironde = await loginAs(t, 'departement-gironde-instructeur', '/espace/demarches');
  const other = await request(t.app).get('/espace/demarches').set('Cookie', gironde.cookie).expect(200);
  expect(other.text).not.toContain(id);
  expect((await request(t.app).get(`/espace/demarches/dossiers/${id}`).set('Cookie', gironde.cookie)).status).toBe(404);
});
