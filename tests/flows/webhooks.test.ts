import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import {
  backoffMs,
  decideSubscription,
  declareProcedure,
  deliverDueStatusPushes,
  deliverDueWebhooks,
  depositDossier,
  fetchDossier,
  listDeadLetters,
  listInbox,
  postStatus,
  registerFrontOfficeWebhook,
  requestSubscription,
  requeueDeadLetter,
  type SignDetached,
} from '../../flows/index.js';
import { ProblemError } from '../../schemas/index.js';
import { CLAIRE, FRONT_OFFICE, OWNER, startFlowsWorld, type FlowsWorld } from './world.js';

const SUBSCRIBER = { siret: '21330063500017', name: 'Mairie de Bordeaux' };
let w: FlowsWorld;
let server: Server;
let port: number;
let publicJwk: JWK;
let sign: SignDetached;
/** What the subscriber's endpoint answers next (then 200). */
const answers: number[] = [];
const received: { body: string; verified: boolean; delivery: string }[] = [];
let n = 0;

beforeAll(async () => {
  w = await startFlowsWorld();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  publicJwk = { ...(await exportJWK(publicKey)), kid: 'flows-test', alg: 'ES256' };
  sign = async (body) => {
    const [h, , s] = (await new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid: 'flows-test' }).sign(privateKey)).split('.');
    return `${h}..${s}`;
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      // The subscriber's check: the detached JWS over the exact body, with the published key.
      const [h, , s] = String(req.headers['datapedia-signature']).split('.');
      const verified = await compactVerify(`${h}.${body.toString('base64url')}.${s}`, await importJWK(publicJwk, 'ES256')).then(
        () => true,
        () => false,
      );
      received.push({ body: body.toString(), verified, delivery: String(req.headers['datapedia-delivery']) });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  await declareProcedure(w.ctx, {
    code: 'test-push',
    title: 'Démarche poussée',
    ownerSiret: OWNER.siret,
    routingLevel: 'commune',
    dataElements: [],
    retentionDays: 30,
    attachments: { allowed: [], maxCount: 0 },
    formSchema: { type: 'object', properties: { motif: { type: 'string' } } },
  });
  const s = await requestSubscription(
    w.ctx,
    {
      procedureCode: 'test-push',
      subscriberSiret: SUBSCRIBER.siret,
      subscriberName: SUBSCRIBER.name,
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'push', webhookUrl: `http://127.0.0.1:${port}/datapedia/dossiers` },
    },
    { allowedWebhookHosts: [`127.0.0.1:${port}`] },
  );
  await decideSubscription(w.ctx, { id: s.id, action: 'approve', actor: { kind: 'agent', id: 'a', organisationSiret: OWNER.siret } });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await w.stop();
});

async function deposit() {
  return depositDossier(w.ctx, {
    depositor: FRONT_OFFICE,
    idempotencyKey: `p-${++n}`,
    input: { procedureCode: 'test-push', communeCode: '33063', applicant: { kind: 'person', pivot: CLAIRE }, form: { motif: `m${n}` } },
  });
}

test('a webhook URL outside the declared hosts is refused', async () => {
  const err = await requestSubscription(
    w.ctx,
    {
      procedureCode: 'test-push',
      subscriberSiret: SUBSCRIBER.siret,
      subscriberName: SUBSCRIBER.name,
      territories: [{ level: 'commune', code: '33063' }],
      delivery: { mode: 'push', webhookUrl: 'http://169.254.169.254/latest' },
    },
    { allowedWebhookHosts: [`127.0.0.1:${port}`] },
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProblemError);
  expect((err as ProblemError).code).toBe('client.validation_failed');
});

test('signed push, retried with exponential back-off, acknowledged on 2xx', async () => {
  const d = await deposit();
  answers.push(500, 503);
  const opts = { sign, baseDelayMs: 1000, maxAttempts: 5 };
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 0, retried: 1, dead: 0 });
  // Not due yet.
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 0, retried: 0, dead: 0 });
  w.clock.advance(backoffMs(1, 1000, 1e9));
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 0, retried: 1, dead: 0 });
  w.clock.advance(1000);
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 0, retried: 0, dead: 0 });
  w.clock.advance(1000);
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 1, retried: 0, dead: 0 });
  expect(received.map((r) => r.delivery)).toEqual([`${d.dossierId}/1`, `${d.dossierId}/2`, `${d.dossierId}/3`]);
  expect(received.every((r) => r.verified)).toBe(true);
  expect(JSON.parse(received[2]!.body).dossier).toMatchObject({ id: d.dossierId, procedureCode: 'test-push', form: { motif: `m${n}` } });
  const { rows } = await w.pool.query('SELECT acked_at IS NOT NULL AS acked FROM flow_dossiers WHERE id = $1', [d.dossierId]);
  expect(rows[0].acked).toBe(true);
  expect((await listInbox(w.ctx, { subscriberSiret: SUBSCRIBER.siret })).items).toEqual([]);
  const { rows: events } = await w.pool.query(
    `SELECT detail->>'action' AS a FROM ledger_events WHERE detail->>'dossierId' = $1 ORDER BY seq`,
    [d.dossierId],
  );
  expect(events.map((e) => e.a).filter((a) => a === 'push_attempted')).toHaveLength(3);
  expect(events.map((e) => e.a)).toContain('acknowledged');
});

test("a tampered body fails the subscriber's signature check", async () => {
  const body = Buffer.from('{"a":1}');
  const [h, , s] = (await sign(body)).split('.');
  await expect(
    compactVerify(`${h}.${Buffer.from('{"a":2}').toString('base64url')}.${s}`, await importJWK(publicJwk, 'ES256')),
  ).rejects.toBeDefined();
});

test('dead-lettered after N attempts, into the operator view; requeued by the operator', async () => {
  received.length = 0;
  const d = await deposit();
  answers.push(500, 500, 500);
  const opts = { sign, baseDelayMs: 1000, maxAttempts: 3 };
  for (let i = 0; i < 3; i++) {
    await deliverDueWebhooks(w.ctx, opts);
    w.clock.advance(10_000);
  }
  expect(received).toHaveLength(3);
  const dead = await listDeadLetters(w.ctx);
  expect(dead.map((x) => [x.dossierId, x.attempts, x.lastError])).toEqual([[d.dossierId, 3, 'HTTP 500']]);
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 0, retried: 0, dead: 0 });
  expect(await requeueDeadLetter(w.ctx, d.dossierId)).toBe(true);
  expect(await deliverDueWebhooks(w.ctx, opts)).toEqual({ delivered: 1, retried: 0, dead: 0 });
  expect(await listDeadLetters(w.ctx)).toEqual([]);
});

test('an unreachable endpoint counts as a failed attempt', async () => {
  const d = await deposit();
  const report = await deliverDueWebhooks(w.ctx, {
    sign,
    send: async () => {
      throw new Error('ECONNREFUSED');
    },
  });
  expect(report).toEqual({ delivered: 0, retried: 1, dead: 0 });
  const { rows } = await w.pool.query('SELECT last_error FROM flow_webhook_deliveries WHERE dossier_id = $1', [d.dossierId]);
  expect(rows[0].last_error).toBe('network error');
});

test('statuses pushed to a front office that registered a webhook: signed, retried, the message included', async () => {
  received.length = 0;
  await registerFrontOfficeWebhook(w.ctx, {
    clientId: 'guichet-push',
    webhookUrl: `http://127.0.0.1:${port}/statuts`,
    allowedWebhookHosts: [`127.0.0.1:${port}`],
  });
  const d = await depositDossier(w.ctx, {
    depositor: { clientId: 'guichet-push' },
    idempotencyKey: 'sp-1',
    input: { procedureCode: 'test-push', communeCode: '33063', applicant: { kind: 'person', pivot: CLAIRE }, form: { motif: 'x' } },
  });
  const asSubscriber = {
    subscriberSiret: SUBSCRIBER.siret,
    actor: { kind: 'agent' as const, id: 'b', organisationSiret: SUBSCRIBER.siret },
  };
  await fetchDossier(w.ctx, { ...asSubscriber, dossierId: d.dossierId });
  await postStatus(w.ctx, { ...asSubscriber, dossierId: d.dossierId, status: 'in_progress', message: 'Pièces reçues.' });
  // A front office without a webhook gets nothing pushed.
  const other = await deposit();
  await fetchDossier(w.ctx, { ...asSubscriber, dossierId: other.dossierId });
  await postStatus(w.ctx, { ...asSubscriber, dossierId: other.dossierId, status: 'received' });
  answers.push(502);
  expect(await deliverDueStatusPushes(w.ctx, { sign, baseDelayMs: 1000 })).toEqual({ delivered: 0, retried: 1, dead: 0 });
  w.clock.advance(1000);
  expect(await deliverDueStatusPushes(w.ctx, { sign, baseDelayMs: 1000 })).toEqual({ delivered: 1, retried: 0, dead: 0 });
  expect(received).toHaveLength(2);
  expect(received.every((r) => r.verified)).toBe(true);
  expect(JSON.parse(received[1]!.body)).toMatchObject({
    type: 'dossier.status',
    dossierId: d.dossierId,
    status: 'in_progress',
    message: 'Pièces reçues.',
  });
  expect(await deliverDueStatusPushes(w.ctx, { sign })).toEqual({ delivered: 0, retried: 0, dead: 0 });
});
