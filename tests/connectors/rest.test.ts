import { createServer as createHttpsServer } from 'node:https';
import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRestConnector, type Connector, type RestConfig } from '../../connectors/index.js';
import { listenOnFreePort, readBody, sendJson, type RunningServer } from '../../connectors/producers/http-server.js';
import { context, expectProblem, request } from './helpers.js';
import { generateTlsMaterial, type TlsMaterial } from './tls-material.js';

/** What the fake producer saw (headers of the last data call, token requests). */
const seen = { correlation: '', recipient: '', authorization: '', tokenCalls: 0, rejectNextToken: false };
const SECRET_TEXT = 'ORA-00942 table SECRET_INTERNE';

async function producer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/oauth/token') {
    seen.tokenCalls++;
    const form = new URLSearchParams(await readBody(req));
    const ok =
      req.headers.authorization === `Basic ${Buffer.from('datapedia:secret-123456').toString('base64')}` &&
      form.get('grant_type') === 'client_credentials';
    return ok
      ? sendJson(res, 200, { access_token: `tok-${seen.tokenCalls}`, token_type: 'Bearer', expires_in: 3600 })
      : sendJson(res, 401, { error: 'invalid_client' });
  }
  if (url.pathname === '/health') return sendJson(res, 200, {});
  if (req.headers.authorization !== `Bearer tok-${seen.tokenCalls}` || seen.rejectNextToken) {
    seen.rejectNextToken = false;
    return sendJson(res, 401, { error: 'invalid_token' });
  }
  seen.correlation = String(req.headers['x-correlation-id']);
  seen.recipient = String(req.headers['x-recipient']);
  seen.authorization = String(req.headers.authorization);
  const id = url.pathname.split('/').pop();
  switch (id) {
    case 'ok':
      return sendJson(res, 200, { NUM: ' 42 ', DATNAIS: '19900131', NAME: url.searchParams.get('nom') });
    case 'missing':
      return sendJson(res, 404, { message: SECRET_TEXT });
    case 'boom':
      return sendJson(res, 500, { message: SECRET_TEXT });
    case 'limited':
      res.writeHead(429, { 'retry-after': '30' });
      return void res.end();
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"NUM": 4');
    case 'badvalue':
      return sendJson(res, 200, { NUM: '42', DATNAIS: '19901341' });
    case 'slow':
      setTimeout(() => sendJson(res, 200, { NUM: '1', DATNAIS: '19900101' }), 2000);
      return;
    default:
      return sendJson(res, 404, {});
  }
}

function config(baseUrl: string, extra: Partial<RestConfig> = {}): RestConfig {
  return {
    kind: 'rest',
    baseUrl,
    auth: { type: 'oauth2_client_credentials', tokenUrl: `${baseUrl}/oauth/token`, clientId: 'datapedia', clientSecret: 'secret-123456' },
    healthPath: '/health',
    operations: { getThing: { method: 'GET', path: '/api/things/{id}', query: { nom: '{nom|canon}' }, mapping: 'thing' } },
    mappings: {
      thing: {
        fields: [
          { to: '/numero', from: '/NUM', convert: 'integer' },
          { to: '/date_naissance', from: '/DATNAIS', convert: 'date_aaaammjj' },
        ],
      },
    },
    ...extra,
  };
}

let server: RunningServer;
let rest: Connector;
beforeAll(async () => {
  server = await listenOnFreePort((req, res) => {
    void producer(req, res);
  });
  rest = createRestConnector(config(server.url));
});
afterAll(async () => {
  await rest?.close();
  await server?.close();
});

const get = (id: string, deadlineMs = 2000) => rest.fetch(request('getThing', { id, nom: 'Lefèvre' }), context(deadlineMs));

describe('REST connector: success path', () => {
  test('maps the answer, forwards X-Correlation-ID and the recipient, templated path and query', async () => {
    const ctx = context();
    const res = await rest.fetch(request('getThing', { id: 'ok', nom: 'Lefèvre  d’Ornano' }), ctx);
    expect(res).toEqual({ status: 200, body: { numero: 42, date_naissance: '1990-01-31' } });
    expect(seen.correlation).toBe(ctx.correlationId);
    expect(seen.recipient).toBe(ctx.recipient);
  });

  test('path parameters are URL-encoded, never interpreted as path segments', async () => {
    await expectProblem(get('../oauth/token'), 'provider.not_found');
  });

  test('OAuth2 client credentials: the token is cached until expiry, renewed after a 401', async () => {
    const before = seen.tokenCalls;
    await get('ok');
    await get('ok');
    expect(seen.tokenCalls).toBe(before);
    seen.rejectNextToken = true;
    await expect(get('ok')).resolves.toMatchObject({ status: 200 });
    expect(seen.tokenCalls).toBe(before + 1);
  });

  test('health probes the producer', async () => {
    expect(await rest.health()).toMatchObject({ status: 'up' });
  });
});

describe('REST connector: upstream failures map to provider codes and never forward the upstream body', () => {
  test.each([
    ['missing', 'provider.not_found'],
    ['boom', 'provider.unavailable'],
    ['limited', 'provider.rate_limited'],
    ['malformed', 'provider.invalid_response'],
    ['badvalue', 'provider.invalid_response'],
  ])('%s -> %s', async (id, code) => {
    const err = (await get(id).catch((e: unknown) => e)) as { code: string; detail?: string; message: string };
    expect(err).toMatchObject({ code });
    expect(`${err.detail ?? ''} ${err.message}`).not.toContain('SECRET');
  });

  test('429 carries the producer’s Retry-After', async () => {
    await expect(get('limited')).rejects.toMatchObject({ headers: { 'Retry-After': '30' } });
  });

  test('deadline respected (a producer answering after 2 s -> provider.timeout at 300 ms)', async () => {
    const started = Date.now();
    await expectProblem(get('slow', 300), 'provider.timeout');
    // Not before the deadline, and long before the producer would answer (slack for a loaded machine).
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('an already passed deadline fails at once', async () => {
    await expectProblem(get('ok', -1), 'provider.timeout');
  });

  test('a producer that is down -> provider.unavailable, and its probe says down', async () => {
    const down = createRestConnector(config('http://127.0.0.1:9'));
    await expectProblem(down.fetch(request('getThing', { id: 'ok' }), context()), 'provider.unavailable');
    expect(await down.health()).toMatchObject({ status: 'down', code: 'provider.unavailable' });
    await down.close();
  });

  test('an unknown operation is a gateway misconfiguration', async () => {
    await expectProblem(rest.fetch(request('nope', {}), context()), 'gateway.misconfigured');
  });
});

describe('REST connector: mutual TLS', () => {
  let tls: TlsMaterial;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    tls = generateTlsMaterial();
    const { readFileSync } = await import('node:fs');
    const https = createHttpsServer(
      { cert: tls.serverCert, key: tls.serverKey, ca: readFileSync(tls.caFile), requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const cert = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        sendJson(res, 200, { NUM: '7', DATNAIS: '20000101', CN: cert.subject?.CN });
      },
    );
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
    close = () =>
      new Promise((r) => {
        https.closeAllConnections();
        https.close(() => r());
      });
  });
  afterAll(async () => {
    await close?.();
    rmSync(tls.dir, { recursive: true, force: true });
  });

  test('with our client certificate the producer answers', async () => {
    const c = createRestConnector(
      config(url, { auth: { type: 'none' }, tls: { certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, caFile: tls.caFile } }),
    );
    await expect(c.fetch(request('getThing', { id: 'x' }), context())).resolves.toEqual({
      status: 200,
      body: { numero: 7, date_naissance: '2000-01-01' },
    });
    await c.close();
  });

  test('a certificate from another CA is refused by the producer -> provider.unavailable', async () => {
    const c = createRestConnector(
      config(url, { auth: { type: 'none' }, tls: { certFile: tls.rogueCertFile, keyFile: tls.rogueKeyFile, caFile: tls.caFile } }),
    );
    await expectProblem(c.fetch(request('getThing', { id: 'x' }), context()), 'provider.unavailable');
    await c.close();
  });

  test('a producer certificate not signed by the configured CA is refused by us', async () => {
    const c = createRestConnector(
      config(url, {
        auth: { type: 'none' },
        tls: { certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, caFile: `${tls.dir}/rogue-ca.crt` },
      }),
    );
    await expectProblem(c.fetch(request('getThing', { id: 'x' }), context()), 'provider.unavailable');
    await c.close();
  });
});
