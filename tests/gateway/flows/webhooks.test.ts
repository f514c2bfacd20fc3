/**
 * Pushes on the composed app: background.ts lists the flows jobs; a subscriber that chose a
 * webhook receives the dossier, and a front office that registered one receives its statuses,
 * each body signed with a detached ES256 JWS (RFC 7515 Appendix F) that verifies against the
 * platform's /.well-known/jwks.json — and not once the body is changed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, flattenedVerify, type JSONWebKeySet } from 'jose';
import request from 'supertest';
import { DATA_ELEMENTS, putDataElement } from '../../../catalog/index.js';
import { decideSubscription, postStatus, requestSubscription } from '../../../flows/index.js';
import { backgroundJobs } from '../../../gateway/background.js';
import { DEMO_FLOWS_CLIENTS, seedFlowsDemoWorld } from '../../../gateway/demo/flows.js';
import { seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { flowsJobs, notifyDossierStatus } from '../../../gateway/services/flows.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { PAUL } from '../../flows/world.js';

const GIRONDE = '22330001300016';
const FO = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'front-office')!;
let t: TestApp;
let hooks: Server;
let hookUrl = '';
const received: { path: string; body: string; signature: string }[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'dp-flows-hooks-'));

beforeAll(async () => {
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body, signature: String(req.headers['datapedia-signature'] ?? '') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  t = await startTestApp({ env: { DATA_DIR: dataDir, FLOWS_WEBHOOK_HOSTS: '127.0.0.1' } });
  await seedDemoOrganisations(t.db.pool);
  for (const e of DATA_ELEMENTS) await putDataElement(t.db.pool, e);
  await seedFlowsDemoWorld(t.db.pool, {
    clock: t.clock,
    contracts: t.services.contracts.ctx,
    publicUrl: t.deps.config.PUBLIC_URL,
    production: false,
  });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function verify(signature: string, body: string): Promise<boolean> {
  const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet;
  const [protectedHeader, payload, sig] = signature.split('.');
  expect(payload).toBe('');
  try {
    await flattenedVerify(
      { protected: protectedHeader!, payload: Buffer.from(body).toString('base64url'), signature: sig! },
      createLocalJWKSet(jwks),
      { algorithms: ['ES256'] },
    );
    return true;
  } catch {
    return false;
  }
}

test('background.ts lists the flows jobs', () => {
  const bg = backgroundJobs(t.deps, t.services);
  expect(bg.jobs).toEqual(
    expect.arrayContaining([
      'flows.webhooks',
      'flows.status-pushes',
      'flows.person-notifications',
      'flows.retention',
      'flows.orphan-sweep',
    ]),
  );
});

test('signed pushes: the dossier to its subscriber, the status to the front office, verifiable with /.well-known/jwks.json', async () => {
  const flows = t.services.flows;
  const jobs = Object.fromEntries(
    flowsJobs(flows.ctx, { settings: flows.settings, sign: flows.sign, notify: notifyDossierStatus }).map((j) => [j.name, j]),
  );
  const sub = await requestSubscription(
    flows.ctx,
    {
      procedureCode: 'acte-naissance',
      subscriberSiret: GIRONDE,
      subscriberName: 'Département de la Gironde',
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'push', webhookUrl: `${hookUrl}/dossiers` },
    },
    { allowedWebhookHosts: flows.webhookHosts },
  );
  await decideSubscription(flows.ctx, { id: sub.id, action: 'approve', actor: { kind: 'service', id: 'test' } });

  const token = (
    await request(t.app).post('/oauth/token').auth(FO.clientId, FO.secret).type('form').send({ grant_type: 'client_credentials' })
  ).body.access_token as string;
  expect(
    (
      await request(t.app)
        .put('/v1/flows/webhook')
        .set('Authorization', `Bearer ${token}`)
        .send({ url: `${hookUrl}/statuts` })
    ).status,
  ).toBe(204);
  const offHost = await request(t.app)
    .put('/v1/flows/webhook')
    .set('Authorization', `Bearer ${token}`)
    .send({ url: 'https://ailleurs.invalid/statuts' });
  expect([offHost.status, offHost.body.code]).toEqual([422, 'client.validation_failed']);
  const dep = await request(t.app)
    .post('/v1/flows/dossiers')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', 'hook-1')
    .field(
      'dossier',
      JSON.stringify({
        procedureCode: 'acte-naissance',
        communeCode: '33063',
        applicant: { kind: 'person', pivot: PAUL },
        form: { typeActe: 'copie_integrale', nombreExemplaires: 1, motif: 'Mariage' },
      }),
    );
  expect([dep.status, dep.body.administration.siret]).toEqual([201, GIRONDE]);

  expect(await jobs['flows.webhooks']!.run()).toEqual({ delivered: 1, retried: 0, dead: 0 });
  const pushed = received.find((r) => r.path === '/dossiers')!;
  expect(JSON.parse(pushed.body).dossier.id).toBe(dep.body.id);
  expect(await verify(pushed.signature, pushed.body)).toBe(true);
  expect(await verify(pushed.signature, pushed.body.replace('Mariage', 'Divorce'))).toBe(false);

  await postStatus(flows.ctx, {
    subscriberSiret: GIRONDE,
    dossierId: dep.body.id,
    status: 'accepted',
    message: 'Acte envoyé par courrier.',
    actor: { kind: 'agent', id: 'agent', organisationSiret: GIRONDE },
  });
  expect(await jobs['flows.status-pushes']!.run()).toEqual({ delivered: 1, retried: 0, dead: 0 });
  const status = received.find((r) => r.path === '/statuts')!;
  expect(JSON.parse(status.body)).toMatchObject({
    type: 'dossier.status',
    dossierId: dep.body.id,
    status: 'accepted',
    message: 'Acte envoyé par courrier.',
  });
  expect(await verify(status.signature, status.body)).toBe(true);
  // The person's notification is handed to the outbox once.
  expect(await jobs['flows.person-notifications']!.run()).toBe(1);
  expect(await jobs['flows.person-notifications']!.run()).toBe(0);
});
