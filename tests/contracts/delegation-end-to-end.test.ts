/**
 * Delegations to a software editor, end to end (docs/architecture.md, "Delegations"): commune A's
 * admin delegates its contract to editor E through gateway process A (composed here, on its own
 * pool); E's admin accepts and issues E's credentials there; E's calls go to gateway process B, a
 * real child process (production's composition, bench/exchange-child.ts S5) on the same database:
 * served for A and recorded with E; refused for commune B's recipient; refused within 5 s once A
 * ended the delegation — B's cache is dropped by the database's notification.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import request from 'supertest';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { systemClock } from '../../schemas/index.js';
import { DEMO_ORGANISATIONS } from '../../gateway/demo/organisations.js';
import { BENCH, benchEnv, seedBenchWorld } from '../../bench/exchange-world.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { composeApp, testConfig, type ComposedApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { basic } from './flow.js';

const GATEWAY = fileURLToPath(new URL('../../bench/exchange-child.ts', import.meta.url));
const UPSTREAM = fileURLToPath(new URL('../../bench/exchange-upstream.ts', import.meta.url));
const LYON = DEMO_ORGANISATIONS.villeLyon.siret;
const VILLEURBANNE = DEMO_ORGANISATIONS.villeVilleurbanne.siret;
const EDITOR = DEMO_ORGANISATIONS.solisLogiciels.siret;

const agent = (sub: string, siret: string) => ({
  kind: 'agent' as const,
  sub,
  name: sub,
  memberships: [{ siret, roles: ['admin' as const] }],
  platformRoles: [],
});
const PEOPLE = { lyonAdmin: agent('lyon-admin', LYON), editorAdmin: agent('solis-admin', EDITOR) };
const as = (name: keyof typeof PEOPLE) => ({ 'X-Test-Principal': name });

let db: TestDatabase;
let a: ComposedApp;
let writer: LedgerWriter;
const children: ChildProcess[] = [];

function start(file: string, args: string[]): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    proc.once('message', (m: { url: string }) => {
      proc.removeAllListeners('exit');
      resolve(m.url);
    });
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const upstream = await start(UPSTREAM, []);
  await seedBenchWorld(db.pool, upstream);
  writer = createLedgerWriter({ pool: db.pool, clock: systemClock, chainId: 'test-delegation-a' });
  a = await composeApp({
    // The secrets sealing keys at rest are the database's: the same as process B's.
    config: testConfig({ KEY_ENCRYPTION_SECRET: benchEnv(db.url, upstream).KEY_ENCRYPTION_SECRET!, SUBJECT_HMAC_SECRET: BENCH.secret }),
    pool: db.pool,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    ledger: writer,
    authenticators: [testPrincipals(PEOPLE)],
  });
  gatewayB = await start(GATEWAY, ['S5', upstream, db.url, 'test-delegation-b']);
}, 120_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await a?.close();
  await writer?.close();
  await db?.drop();
});

let gatewayB = '';

async function token(client: { client_id: string; client_secret: string }, form: Record<string, string>) {
  return fetch(`${gatewayB}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(client.client_id, client.client_secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString(),
  });
}

function call(accessToken: string, o: { recipient?: string; delegationId?: string } = {}) {
  const path = o.recipient ? BENCH.path.replace(`recipient=${LYON}`, `recipient=${o.recipient}`) : BENCH.path;
  return fetch(`${gatewayB}${path}`, {
    headers: { authorization: `Bearer ${accessToken}`, ...(o.delegationId ? { 'x-delegation-id': o.delegationId } : {}) },
  });
}

describe('an editor calls for a commune under its delegation, and stops within 5 s in another gateway once it ends', () => {
  test('delegate → accept → token with delegation_id → served and recorded with the editor → other recipient refused → ended → refused in process B', async () => {
    const contractId = (await db.pool.query<{ id: string }>('SELECT id FROM contracts WHERE consumer_siret = $1', [LYON])).rows[0]!.id;
    const granted = await request(a.app)
      .post('/v1/delegations')
      .set(as('lyonAdmin'))
      .send({ contractId, editorSiret: EDITOR, software: 'Solis Social', declaredVolume: 30 });
    expect([granted.status, granted.body.status]).toEqual([201, 'pending']);
    const delegationId = granted.body.id as string;

    const creds = await request(a.app)
      .post(`/v1/editors/${EDITOR}/clients`)
      .set(as('editorAdmin'))
      .send({ token_endpoint_auth_method: 'client_secret_basic' });
    expect(creds.status).toBe(201);
    const client = creds.body as { client_id: string; client_secret: string };

    // Not accepted yet: no token for that delegation.
    const early = await token(client, { delegation_id: delegationId });
    expect([early.status, ((await early.json()) as { code: string }).code]).toEqual([400, 'client.delegation_inactive']);

    const accepted = await request(a.app).post(`/v1/delegations/${delegationId}/accept`).set(as('editorAdmin'));
    expect([accepted.status, accepted.body.status]).toEqual([200, 'active']);

    const issued = await token(client, { delegation_id: delegationId });
    expect(issued.status).toBe(200);
    const accessToken = ((await issued.json()) as { access_token: string }).access_token;

    const served = await call(accessToken);
    expect(served.status).toBe(200);
    const exchangeId = served.headers.get('x-request-id')!;
    const event = (
      await db.pool.query<{ consumer_siret: string; client_id: string; detail: { delegation: Record<string, unknown> } }>(
        'SELECT consumer_siret, client_id, detail FROM ledger_events WHERE id = $1',
        [exchangeId],
      )
    ).rows[0]!;
    expect(event.consumer_siret).toBe(LYON);
    expect(event.client_id).toBe(client.client_id);
    expect(event.detail.delegation).toEqual({ id: delegationId, editorSiret: EDITOR, software: 'Solis Social' });

    // Commune B has not delegated anything: its recipient is refused at call time.
    const other = await call(accessToken, { recipient: VILLEURBANNE });
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([403, 'client.recipient_not_allowed']);

    // An editor-wide token: the call designates its delegation, or the only one that fits.
    const wide = ((await (await token(client, {})).json()) as { access_token: string }).access_token;
    expect((await call(wide)).status).toBe(200);
    expect((await call(wide, { delegationId })).status).toBe(200);
    const unknown = await call(wide, { delegationId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([403, 'client.delegation_inactive']);
    const none = await call(wide, { recipient: VILLEURBANNE });
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([403, 'client.delegation_missing']);

    // A ends the delegation (through process A); process B refuses E's next calls within 5 s.
    const t0 = performance.now();
    const ended = await request(a.app)
      .post(`/v1/delegations/${delegationId}/end`)
      .set(as('lyonAdmin'))
      .send({ reason: 'Changement de logiciel.' });
    expect([ended.status, ended.body.status]).toEqual([200, 'ended']);
    let res = await call(accessToken);
    while (res.status === 200 && performance.now() - t0 < 6000) res = await call(accessToken);
    const ms = performance.now() - t0;
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([403, 'client.delegation_inactive']);
    expect(ms).toBeLessThan(5000);
    process.stdout.write(`delegation ended (process A) -> first refused call (process B): ${ms.toFixed(1)} ms\n`);

    // Each change is a ledger event naming the delegation and the editor.
    const { rows } = await db.pool.query<{ action: string; delegation: { id: string; editorSiret: string } }>(
      `SELECT detail->>'action' AS action, detail->'delegation' AS delegation FROM ledger_events
       WHERE type = 'contract.transition' AND detail ? 'delegation' ORDER BY occurred_at, seq`,
    );
    expect(rows.map((r) => r.action)).toEqual(['delegation_granted', 'delegation_accepted', 'delegation_ended']);
    expect(rows.every((r) => r.delegation.id === delegationId && r.delegation.editorSiret === EDITOR)).toBe(true);
  }, 120_000);
});
