/**
 * One journey over HTTP with real parts: the front office's token (contract on the flows API,
 * scope per procedure) → deposit with an attachment → routed to the Ville de Lyon (its own
 * subscription) and to the Gironde (a commune without one) → each subscriber's inbox (Lyon
 * through its own OAuth client, the Gironde through an agent) → download (digest = ETag, one
 * range) → acknowledgement → statuses → the front office reads them by cursor → the person sees
 * them in « Mes démarches ».
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { subjectRef } from '../../../schemas/index.js';
import { pdf } from '../../flows/world.js';
import { testConfig } from '../../helpers/app.js';
import { binary, CLAIRE, FRONT_OFFICE, GIRONDE, LYON, LYON_CLIENT, startFlowsHttpWorld, type FlowsHttpWorld } from './world.js';

let w: FlowsHttpWorld;
const secret = testConfig().SUBJECT_HMAC_SECRET;
beforeAll(async () => {
  w = await startFlowsHttpWorld({
    principals: {
      girondeAgent: {
        kind: 'agent',
        sub: 'agent-gironde',
        name: 'Agent Gironde',
        memberships: [{ siret: GIRONDE, roles: ['instructor'] }],
        platformRoles: [],
      },
      claire: {
        kind: 'citizen',
        sub: 'fc-claire',
        name: 'Claire Martin',
        memberships: [],
        platformRoles: [],
        citizen: { pivot: CLAIRE, subjectRef: subjectRef(secret, { kind: 'person', pivot: CLAIRE }) },
      },
    },
  });
}, 120_000);
afterAll(async () => {
  await w?.stop();
});

const form = { numeroAllocataire: '1234567', enfants: [{ prenom: 'Léa', ecole: 'École Jean Macé' }] };

function deposit(
  app: FlowsHttpWorld['app'],
  token: string,
  key: string,
  communeCode: string,
  file: Buffer,
  o: { formOverride?: unknown; filename?: string; procedureCode?: string } = {},
) {
  return request(app)
    .post('/v1/flows/dossiers')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .field(
      'dossier',
      JSON.stringify({
        procedureCode: o.procedureCode ?? 'aide-restauration-scolaire',
        communeCode,
        applicant: { kind: 'person', pivot: CLAIRE },
        form: o.formOverride ?? form,
      }),
    )
    .attach('piece', file, o.filename ?? 'avis.pdf');
}

test('front-office token → deposit → routed → inbox → download → ack → statuses → front office → Mes démarches', async () => {
  const fo = await w.token(FRONT_OFFICE.clientId, FRONT_OFFICE.secret);
  const lyonClient = await w.token(LYON_CLIENT.clientId, LYON_CLIENT.secret);
  const cursor0 = (await request(w.app).get('/v1/flows/statuses').set('Authorization', `Bearer ${fo}`)).body.cursor as string;
  const files = { lyon: pdf(120_000, 0x61), bordeaux: pdf(80_000, 0x62) };

  const lyon = await deposit(w.app, fo, 'journey-lyon', '69385', files.lyon);
  expect([lyon.status, lyon.body.administration?.siret]).toEqual([201, LYON]);
  expect(lyon.headers.location).toBe(`/v1/flows/dossiers/${lyon.body.id}`);
  w.clock.advance(1000);
  const bdx = await deposit(w.app, fo, 'journey-bdx', '33063', files.bordeaux);
  expect([bdx.status, bdx.body.administration?.siret]).toEqual([201, GIRONDE]);

  const who = { lyon: { Authorization: `Bearer ${lyonClient}` }, bordeaux: { 'X-Test-Principal': 'girondeAgent' } };
  const ids = { lyon: lyon.body.id as string, bordeaux: bdx.body.id as string };
  for (const k of ['lyon', 'bordeaux'] as const) {
    const inbox = await request(w.app).get('/v1/flows/inbox').set(who[k]);
    expect([inbox.status, inbox.body.items.map((d: { id: string }) => d.id)]).toEqual([200, [ids[k]]]);
    const dossier = await request(w.app).get(`/v1/flows/dossiers/${ids[k]}`).set(who[k]);
    expect([dossier.status, dossier.body.form, dossier.body.applicant?.pivot?.family_name]).toEqual([200, form, 'Martin']);
    const file = await request(w.app).get(`/v1/flows/dossiers/${ids[k]}/attachments/1`).set(who[k]).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const digest = createHash('sha256')
      .update(file.body as Buffer)
      .digest('hex');
    expect(file.headers.etag).toBe(`"${digest}"`);
    expect(digest).toBe(createHash('sha256').update(files[k]).digest('hex'));
    expect(file.headers['content-type']).toMatch(/^application\/pdf/);
    const part = await request(w.app)
      .get(`/v1/flows/dossiers/${ids[k]}/attachments/1`)
      .set(who[k])
      .set('Range', 'bytes=0-7')
      .buffer(true)
      .parse(binary);
    expect([part.status, part.headers['content-range'], (part.body as Buffer).toString('latin1')]).toEqual([
      206,
      `bytes 0-7/${files[k].length}`,
      '%PDF-1.7',
    ]);
    const beyond = await request(w.app)
      .get(`/v1/flows/dossiers/${ids[k]}/attachments/1`)
      .set(who[k])
      .set('Range', `bytes=${files[k].length + 10}-`);
    expect([beyond.status, beyond.headers['content-range']]).toEqual([416, `bytes */${files[k].length}`]);
    const notModified = await request(w.app)
      .get(`/v1/flows/dossiers/${ids[k]}/attachments/1`)
      .set(who[k])
      .set('If-None-Match', `"${digest}"`);
    expect(notModified.status).toBe(304);
    const ack = await request(w.app).post(`/v1/flows/dossiers/${ids[k]}/ack`).set(who[k]);
    expect(ack.status).toBe(200);
    expect((await request(w.app).get('/v1/flows/inbox').set(who[k])).body.items).toEqual([]);
    for (const [status, message] of [
      ['received', null],
      ['accepted', `Aide accordée (${k}).`],
    ] as const) {
      const r = await request(w.app).post(`/v1/flows/dossiers/${ids[k]}/status`).set(who[k]).send({ status, message });
      expect([r.status, r.body.status]).toEqual([201, status]);
    }
  }

  const statuses = await request(w.app).get(`/v1/flows/statuses?since=${cursor0}`).set('Authorization', `Bearer ${fo}`);
  expect(statuses.body.items.map((s: { dossierId: string; status: string }) => [s.dossierId, s.status])).toEqual([
    [ids.lyon, 'received'],
    [ids.lyon, 'accepted'],
    [ids.bordeaux, 'received'],
    [ids.bordeaux, 'accepted'],
  ]);
  expect(statuses.body.items[1].message).toBe('Aide accordée (lyon).');
  const after = await request(w.app).get(`/v1/flows/statuses?since=${statuses.body.cursor}`).set('Authorization', `Bearer ${fo}`);
  expect(after.body.items).toEqual([]);

  // The ledger recorded deposit, routing, deliveries, acknowledgements and statuses (never content).
  const { rows } = await w.db.pool.query<{ action: string }>(
    `SELECT detail->>'action' AS action FROM ledger_events WHERE type = 'dossier.event' AND object = $1 ORDER BY seq`,
    [`dossier:${ids.lyon}`],
  );
  expect([...new Set(rows.map((r) => r.action))].sort()).toEqual([
    'acknowledged',
    'attachment_delivered',
    'delivered',
    'deposited',
    'routed',
    'status',
  ]);

  const page = await request(w.app).get('/moi/demarches').set('X-Test-Principal', 'claire');
  expect(page.status).toBe(200);
  for (const text of [
    'Mes démarches',
    'Aide à la restauration scolaire',
    'Ville de Lyon',
    'Département de la Gironde',
    'Aide accordée (lyon).',
    'Aide accordée (bordeaux).',
    'Accepté',
  ]) {
    expect(page.text).toContain(text.replace(/’/g, '&#39;'));
  }
});
