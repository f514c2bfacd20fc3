/**
 * Over HTTP: everyone sees only what is theirs (a subscriber never another's dossiers, a front
 * office only the statuses of its own deposits, a person only their own démarches), and bad
 * deposits are refused with their own code with nothing stored (no dossier, no attachment row,
 * no blob, nothing left in staging).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { subjectRef } from '../../../schemas/index.js';
import { seedFlowsContract } from '../../../gateway/demo/flows.js';
import { depositScope } from '../../../gateway/services/flows.js';
import { exe, pdf } from '../../flows/world.js';
import { testConfig } from '../../helpers/app.js';
import { CLAIRE, FRONT_OFFICE, GIRONDE, LYON, LYON_CLIENT, PAUL, startFlowsHttpWorld, type FlowsHttpWorld } from './world.js';

const secret = testConfig().SUBJECT_HMAC_SECRET;
const OTHER_FO = { clientId: 'dp_test-autre-guichet', secret: 'test-secret-autre-guichet-0123456789abcdef' };
const FRANCE_TRAVAIL = '13000400500018';
let w: FlowsHttpWorld;
let fo = '';
let lyon = '';
let other = '';

beforeAll(async () => {
  w = await startFlowsHttpWorld({
    principals: {
      girondeAgent: { kind: 'agent', sub: 'agent-gironde', memberships: [{ siret: GIRONDE, roles: ['instructor'] }], platformRoles: [] },
      lyonApplicant: {
        kind: 'agent',
        sub: 'agent-lyon-demandeur',
        memberships: [{ siret: LYON, roles: ['applicant'] }],
        platformRoles: [],
      },
      claire: {
        kind: 'citizen',
        sub: 'fc-claire',
        memberships: [],
        platformRoles: [],
        citizen: { pivot: CLAIRE, subjectRef: subjectRef(secret, { kind: 'person', pivot: CLAIRE }) },
      },
      paul: {
        kind: 'citizen',
        sub: 'fc-paul',
        memberships: [],
        platformRoles: [],
        citizen: { pivot: PAUL, subjectRef: subjectRef(secret, { kind: 'person', pivot: PAUL }) },
      },
    },
  });
  await seedFlowsContract(w.contracts.ctx, {
    consumerSiret: FRANCE_TRAVAIL,
    scopes: [depositScope('aide-restauration-scolaire')],
    purpose: 'Autre guichet de dépôt (test)',
    client: OTHER_FO,
  });
  fo = await w.token(FRONT_OFFICE.clientId, FRONT_OFFICE.secret);
  lyon = await w.token(LYON_CLIENT.clientId, LYON_CLIENT.secret);
  other = await w.token(OTHER_FO.clientId, OTHER_FO.secret);
}, 120_000);
afterAll(async () => {
  await w?.stop();
});

const form = { numeroAllocataire: '1234567', enfants: [{ prenom: 'Léa', ecole: 'École Jean Macé' }] };

function deposit(
  token: string,
  key: string,
  o: { communeCode?: string; form?: unknown; file?: Buffer; filename?: string; pivot?: typeof CLAIRE; procedureCode?: string } = {},
) {
  const r = request(w.app)
    .post('/v1/flows/dossiers')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .field(
      'dossier',
      JSON.stringify({
        procedureCode: o.procedureCode ?? 'aide-restauration-scolaire',
        communeCode: o.communeCode ?? '69123',
        applicant: { kind: 'person', pivot: o.pivot ?? CLAIRE },
        form: o.form ?? form,
      }),
    );
  return o.file ? r.attach('piece', o.file, o.filename ?? 'avis.pdf') : r;
}

async function footprint(): Promise<{ dossiers: number; attachments: number; blobs: number; staging: number }> {
  const n = async (sql: string) => Number((await w.db.pool.query<{ n: string }>(sql)).rows[0]!.n);
  // The folder blob store lives under DATA_DIR/flows (gateway/services/flows.ts).
  const root = join(w.blobDir, 'flows');
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  const blobs = list(join(root, 'blobs')).flatMap((d) => list(join(root, 'blobs', d)));
  return {
    dossiers: await n('SELECT count(*) AS n FROM flow_dossiers'),
    attachments: await n('SELECT count(*) AS n FROM flow_attachments'),
    blobs: blobs.length,
    staging: list(join(root, 'staging')).length,
  };
}

describe('isolation', () => {
  let lyonId = '';
  let girondeId = '';
  beforeAll(async () => {
    lyonId = (await deposit(fo, 'iso-lyon', { file: pdf(4096) })).body.id;
    girondeId = (await deposit(fo, 'iso-bdx', { communeCode: '33063', file: pdf(4096, 0x41), pivot: PAUL })).body.id;
    expect([lyonId, girondeId].every(Boolean)).toBe(true);
  });

  test('a subscriber never sees another’s dossiers: not in its inbox, 404 on the dossier, its attachment, ack and status', async () => {
    const asLyon = { Authorization: `Bearer ${lyon}` };
    expect((await request(w.app).get('/v1/flows/inbox').set(asLyon)).body.items.map((d: { id: string }) => d.id)).toEqual([lyonId]);
    expect(
      (await request(w.app).get('/v1/flows/inbox').set('X-Test-Principal', 'girondeAgent')).body.items.map((d: { id: string }) => d.id),
    ).toEqual([girondeId]);
    for (const [method, path] of [
      ['get', `/v1/flows/dossiers/${girondeId}`],
      ['get', `/v1/flows/dossiers/${girondeId}/attachments/1`],
      ['post', `/v1/flows/dossiers/${girondeId}/ack`],
      ['post', `/v1/flows/dossiers/${girondeId}/status`],
    ] as const) {
      const r = await request(w.app)[method](path).set(asLyon).send({ status: 'received' });
      expect([path, r.status, r.body.code]).toEqual([path, 404, 'client.not_found']);
    }
    const page = await request(w.app).get(`/espace/demarches/dossiers/${girondeId}`).set('X-Test-Principal', 'lyonApplicant');
    expect(page.status).toBe(403);
    // Lyon's instruction client cannot deposit (its contract has no deposit scope), nor read front-office statuses.
    const dep = await deposit(lyon, 'iso-lyon-deposit', { file: pdf(1024) });
    expect([dep.status, dep.body.code]).toEqual([403, 'client.scope_not_granted']);
    expect((await request(w.app).get('/v1/flows/statuses').set(asLyon)).body.items).toEqual([]);
    // A front office's token is not an instructor's.
    const foInbox = await request(w.app).get('/v1/flows/inbox').set('Authorization', `Bearer ${fo}`);
    expect(foInbox.status).toBe(401);
  });

  test('a front office reads only the statuses of its own deposits', async () => {
    const mine = (await deposit(other, 'iso-other', { file: pdf(2048, 0x42) })).body.id as string;
    await request(w.app).get(`/v1/flows/dossiers/${mine}`).set('Authorization', `Bearer ${lyon}`);
    expect(
      (await request(w.app).post(`/v1/flows/dossiers/${mine}/status`).set('Authorization', `Bearer ${lyon}`).send({ status: 'received' }))
        .status,
    ).toBe(201);
    await request(w.app).get(`/v1/flows/dossiers/${lyonId}`).set('Authorization', `Bearer ${lyon}`);
    expect(
      (
        await request(w.app)
          .post(`/v1/flows/dossiers/${lyonId}/status`)
          .set('Authorization', `Bearer ${lyon}`)
          .send({ status: 'in_progress' })
      ).status,
    ).toBe(201);
    const theirs = await request(w.app).get('/v1/flows/statuses').set('Authorization', `Bearer ${other}`);
    expect(theirs.body.items.map((s: { dossierId: string }) => s.dossierId)).toEqual([mine]);
    const ours = await request(w.app).get('/v1/flows/statuses').set('Authorization', `Bearer ${fo}`);
    expect(ours.body.items.map((s: { dossierId: string }) => s.dossierId)).toEqual([lyonId]);
  });

  test('a person sees only their own démarches', async () => {
    const claire = await request(w.app).get('/moi/demarches').set('X-Test-Principal', 'claire');
    const paul = await request(w.app).get('/moi/demarches').set('X-Test-Principal', 'paul');
    expect(claire.text).toContain(`data-dossier="${lyonId}"`);
    expect(claire.text).not.toContain(`data-dossier="${girondeId}"`);
    expect(paul.text).toContain(`data-dossier="${girondeId}"`);
    expect(paul.text).not.toContain(`data-dossier="${lyonId}"`);
    expect((await request(w.app).get('/moi/demarches').set('X-Test-Principal', 'girondeAgent')).status).toBe(403);
  });
});

describe('bad input over HTTP: its client.* code, nothing stored', () => {
  const cases: [string, () => request.Test, number, string][] = [
    [
      'schema-invalid form',
      () => deposit(fo, 'bad-form', { form: { numeroAllocataire: '12', enfants: [] }, file: pdf(2048) }),
      422,
      'client.validation_failed',
    ],
    ['executable renamed .pdf', () => deposit(fo, 'bad-exe', { file: exe(), filename: 'avis.pdf' }), 415, 'client.unsupported_media_type'],
    ['oversize attachment', () => deposit(fo, 'bad-size', { file: pdf(10 * 1024 * 1024 + 1) }), 413, 'client.payload_too_large'],
    ['unknown commune', () => deposit(fo, 'bad-commune', { communeCode: '99999', file: pdf(2048) }), 422, 'client.unknown_commune'],
    [
      'commune without a competent administration',
      () => deposit(fo, 'bad-route', { communeCode: '75056', file: pdf(2048) }),
      422,
      'client.no_competent_administration',
    ],
    [
      'no Idempotency-Key',
      () => request(w.app).post('/v1/flows/dossiers').set('Authorization', `Bearer ${fo}`).field('dossier', '{}'),
      400,
      'client.invalid_request',
    ],
    [
      'not multipart',
      () =>
        request(w.app)
          .post('/v1/flows/dossiers')
          .set('Authorization', `Bearer ${fo}`)
          .set('Idempotency-Key', 'bad-json')
          .send({ procedureCode: 'x' }),
      415,
      'client.unsupported_media_type',
    ],
    [
      'dossier field not JSON',
      () =>
        request(w.app)
          .post('/v1/flows/dossiers')
          .set('Authorization', `Bearer ${fo}`)
          .set('Idempotency-Key', 'bad-text')
          .field('dossier', '{nope'),
      400,
      'client.malformed_json',
    ],
    [
      'file before the dossier field',
      () =>
        request(w.app)
          .post('/v1/flows/dossiers')
          .set('Authorization', `Bearer ${fo}`)
          .set('Idempotency-Key', 'bad-order')
          .attach('piece', pdf(1024), 'a.pdf')
          .field('dossier', '{}'),
      400,
      'client.invalid_request',
    ],
    [
      'no token',
      () => request(w.app).post('/v1/flows/dossiers').set('Idempotency-Key', 'bad-anon').field('dossier', '{}'),
      401,
      'client.unauthenticated',
    ],
    [
      'forged token',
      () =>
        request(w.app)
          .post('/v1/flows/dossiers')
          .set('Authorization', `Bearer ${fo.slice(0, -4)}AAAA`)
          .set('Idempotency-Key', 'bad-forged')
          .field('dossier', '{}'),
      401,
      'client.invalid_token',
    ],
  ];
  for (const [name, send, status, code] of cases) {
    test(name, async () => {
      const before = await footprint();
      const r = await send();
      expect([r.status, r.body.code]).toEqual([status, code]);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await footprint()).toEqual(before);
    });
  }

  test('a replayed key: same content → the same dossier; other content → 409, nothing stored', async () => {
    const first = await deposit(fo, 'replay-key', { file: pdf(3000, 0x43) });
    expect(first.status).toBe(201);
    const again = await deposit(fo, 'replay-key', { file: pdf(3000, 0x43) });
    expect([again.status, again.body.id, again.headers['idempotent-replayed']]).toEqual([201, first.body.id, 'true']);
    const before = await footprint();
    const conflict = await deposit(fo, 'replay-key', { file: pdf(3000, 0x44) });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'client.idempotency_conflict']);
    expect(await footprint()).toEqual(before);
  });
});
