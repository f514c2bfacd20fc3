/**
 * The server's request listener (gateway/http/exchange-listener.ts, what `datapedia start` runs):
 * exchanges go straight to the pipeline, everything else to express. On the real adapters
 * (tests/support/exchange-world.ts), the same requests through the listener and through express
 * must give the same statuses, problem codes and headers (security headers included), each
 * exchange its own ledger event with the id of its X-Request-ID; the control plane is untouched.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startExchangeWorld, qs, DUPONT, TRACE, type ExchangeWorld } from '../support/exchange-world.js';

let f: ExchangeWorld;
let server: Server;
let token: string;

beforeAll(async () => {
  f = await startExchangeWorld({ chainId: 'exchange-listener' });
  token = await f.token('c-lyon');
  server = createServer(f.t.listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
}, 120_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await f?.stop();
});

const QF = `/exchange/cnaf-quotient-familial/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`;
const viaListener = () => request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
const viaExpress = () => request(f.t.app);

/** Header names of an answer, minus those that differ per request or per server. */
function headerNames(h: Record<string, unknown>): string[] {
  return Object.keys(h)
    .filter((k) => !['date', 'connection', 'keep-alive', 'etag'].includes(k))
    .sort();
}

it('serves an exchange through the listener as express does: same headers, one ledger event per answer', async () => {
  const [fast, slow] = [
    await viaListener().get(QF).set('Authorization', `Bearer ${token}`),
    await viaExpress().get(QF).set('Authorization', `Bearer ${token}`),
  ];
  expect(fast.status).toBe(200);
  expect(slow.status).toBe(200);
  expect(fast.body.data).toEqual(slow.body.data);
  expect(headerNames(fast.headers)).toEqual(headerNames(slow.headers));
  expect(fast.headers['content-security-policy']).toBe(slow.headers['content-security-policy']);
  expect(fast.headers['cache-control']).toBe('no-store');
  expect(fast.headers['x-request-id']).not.toBe(slow.headers['x-request-id']);
  for (const res of [fast, slow]) expect((await f.eventOf(res.headers['x-request-id'] as string))?.outcome).toBe('served');
});

it.each([
  ['no token', (r: request.Test) => r],
  [
    'an undecodable path',
    (r: request.Test) => r.set('Authorization', `Bearer ${token}`),
    '/exchange/cnaf-quotient-familial/quotient%E0%A4%A?x=1',
  ],
  [
    'an unknown API',
    (r: request.Test) => r.set('Authorization', `Bearer ${token}`),
    `/exchange/nope/quotient-familial?${qs({ ...TRACE, ...DUPONT })}`,
  ],
])('refuses %s through the listener as express does', async (_what, auth, path = QF) => {
  const fast = await auth(viaListener().get(path));
  const slow = await auth(viaExpress().get(path));
  expect(fast.status).toBe(slow.status);
  expect(fast.status).toBeGreaterThanOrEqual(400);
  expect(fast.body.code).toBe(slow.body.code);
  expect(fast.headers['content-type']).toBe(slow.headers['content-type']);
  expect(fast.body.instance).toBe(`urn:uuid:${fast.headers['x-request-id']}`);
  expect(headerNames(fast.headers)).toEqual(headerNames(slow.headers));
});

it('parses a POST body only through the JSON parser, refusing malformed JSON as express does', async () => {
  const path = `/exchange/cnaf-quotient-familial/recherche?${qs({ ...TRACE, ...DUPONT })}`;
  const send = (r: ReturnType<typeof request>, body: string) =>
    r.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
  const [fastBad, slowBad] = [await send(viaListener(), '{"dossier": '), await send(viaExpress(), '{"dossier": ')];
  expect(fastBad.status).toBe(400);
  expect(fastBad.body.code).toBe(slowBad.body.code);
  const ok = await send(viaListener(), '{"dossier":"D-1"}');
  expect(ok.status).toBe(200);
  expect(f.upstream.requests.at(-1)?.body).toBe('{"dossier":"D-1"}');
});

it('hands everything else to express (control plane, HEAD, a bare /exchange/{api})', async () => {
  expect((await viaListener().get('/openapi.json')).status).toBe(200);
  const bare = await viaListener().get('/exchange/cnaf-quotient-familial');
  expect(bare.status).toBe((await viaExpress().get('/exchange/cnaf-quotient-familial')).status);
  const head = await viaListener().head(QF).set('Authorization', `Bearer ${token}`);
  expect(head.status).toBe((await viaExpress().head(QF).set('Authorization', `Bearer ${token}`)).status);
});
