/**
 * A body the exchange path cannot read is the client's error, recorded like any denial: a body
 * sent as `Content-Encoding: gzip` that is not gzip, an unknown encoding or charset — never 500.
 */
import request from 'supertest';
import { startExchangeWorld, qs, TRACE, DUPONT, type ExchangeWorld } from '../support/exchange-world.js';

let f: ExchangeWorld;
beforeAll(async () => {
  f = await startExchangeWorld();
}, 60_000);
afterAll(async () => {
  await f?.stop();
});

test.each([
  ['gzip on a plain body', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 400, 'client.invalid_request'],
  ['an unknown encoding', { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, 415, 'client.unsupported_media_type'],
  ['an unknown charset', { 'Content-Type': 'application/json; charset=klingon' }, 415, 'client.unsupported_media_type'],
  ['bad JSON', { 'Content-Type': 'application/json' }, 400, 'client.malformed_json'],
] as const)('%s -> the client’s problem, with its event', async (_name, headers, status, code) => {
  const token = await f.token('c-lyon');
  const res = await request(f.t.app)
    .post(`/exchange/cnaf-quotient-familial/recherche?${qs({ ...TRACE, ...DUPONT })}`)
    .set('Authorization', `Bearer ${token}`)
    .set(headers)
    .send(code === 'client.malformed_json' ? '{"dossier": ' : '{"dossier":"D-1"}');
  expect([res.status, res.body.code]).toEqual([status, code]);
  expect(await f.eventOf(res.headers['x-request-id'])).toMatchObject({ outcome: 'denied', problemCode: code });
});
