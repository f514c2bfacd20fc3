import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import soap from 'soap';
import { createSoapConnector, DEMO_PRODUCERS, type Connector, type SoapConfig } from '../../connectors/index.js';
import { listenOnFreePort, type RunningServer } from '../../connectors/producers/http-server.js';
import { context, expectProblem, request } from './helpers.js';

/** The WSDL we wrote for the CNOUS demo service, served here by a test implementation. */
const FOLDER = join(DEMO_PRODUCERS.find((p) => p.key === 'cnous')!.openapiFile, '..');
const WSDL = readFileSync(join(FOLDER, 'bourses.wsdl'), 'utf8');
const seen = { correlation: '', recipient: '' };

const DOSSIER = {
  ine: '0001AB12345',
  boursier: true,
  echelon: 5,
  anneeUniversitaire: '2026-2027',
  statut: 'D',
  etablissement: 'Université de Lille',
  ville: 'Lille',
};
const fault = (code: string) => ({
  Fault: { faultcode: 'soap:Client', faultstring: `${code}: message interne SECRET`, detail: { code }, statusCode: 500 },
});

const service = {
  BoursesService: {
    BoursesPort: {
      ConsulterDossierBoursier(args: { nom: string }, _cb: unknown, _headers: unknown, req: IncomingMessage) {
        seen.correlation = String(req.headers['x-correlation-id']);
        seen.recipient = String(req.headers['x-recipient']);
        switch (args.nom) {
          case 'CONNU':
            return { dossier: DOSSIER };
          case 'INCONNU':
            throw fault('DOSSIER_INCONNU');
          case 'SATURE':
            throw fault('SERVICE_SATURE');
          case 'PANNE':
            throw fault('ERREUR_INTERNE');
          case 'VIDE':
            return {};
          case 'BIZARRE':
            return { dossier: { ...DOSSIER, echelon: 'beaucoup' } };
          case 'LENT':
            return new Promise((r) => setTimeout(() => r({ dossier: DOSSIER }), 2000).unref());
          default:
            throw fault('DOSSIER_INCONNU');
        }
      },
    },
  },
};

function config(endpoint: string): SoapConfig {
  const base = structuredClone(DEMO_PRODUCERS.find((p) => p.key === 'cnous')!.connector) as SoapConfig;
  return { ...base, wsdl: join(FOLDER, 'bourses.wsdl'), endpoint };
}

let server: RunningServer;
let broken: RunningServer;
let garbage: RunningServer;
let client: Connector;
beforeAll(async () => {
  server = await listenOnFreePort(() => undefined);
  soap.listen(server.server, '/ws/bourses', service, WSDL);
  broken = await listenOnFreePort((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<h1>Proxy Error SECRET</h1>');
  });
  garbage = await listenOnFreePort((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><tns:Consul');
  });
  client = createSoapConnector(config(`${server.url}/ws/bourses`));
});
afterAll(async () => {
  await client?.close();
  await Promise.all([server?.close(), broken?.close(), garbage?.close()]);
});

const ask = (nom: string, c: Connector = client, deadlineMs = 3000) =>
  c.fetch(
    request('getStatutEtudiantBoursier', {
      nomNaissance: nom,
      'prenoms[]': ['Léa'],
      anneeDateNaissance: 2004,
      moisDateNaissance: 3,
      jourDateNaissance: 9,
      sexeEtatCivil: 'F',
    }),
    context(deadlineMs),
  );

describe('SOAP connector (WSDL-driven, soap package)', () => {
  test('calls the operation, maps the XML answer, forwards X-Correlation-ID and the recipient', async () => {
    const ctx = context();
    const res = await client.fetch(
      request('getStatutEtudiantBoursier', {
        nomNaissance: 'connu',
        'prenoms[]': ['Léa'],
        anneeDateNaissance: 2004,
        moisDateNaissance: 3,
        jourDateNaissance: 9,
        sexeEtatCivil: 'F',
      }),
      ctx,
    );
    expect(res).toEqual({
      status: 200,
      body: {
        est_boursier: true,
        echelon: 5,
        annee_universitaire: '2026-2027',
        statut_validation: 'definitif',
        etablissement: { nom: 'Université de Lille', ville: 'Lille' },
      },
    });
    expect(seen).toEqual({ correlation: ctx.correlationId, recipient: ctx.recipient });
  });

  test.each([
    ['INCONNU', 'provider.not_found'],
    ['SATURE', 'provider.rate_limited'],
    ['PANNE', 'provider.unavailable'],
    ['VIDE', 'provider.invalid_response'],
    ['BIZARRE', 'provider.invalid_response'],
  ])('SOAP fault or odd answer %s -> %s, the fault text never reaches the client', async (nom, code) => {
    const err = (await ask(nom).catch((e: unknown) => e)) as { code: string; detail?: string };
    expect(err.code).toBe(code);
    expect(err.detail ?? '').not.toContain('SECRET');
  });

  test('deadline respected (a service answering after 2 s -> provider.timeout at 300 ms)', async () => {
    const started = Date.now();
    await expectProblem(ask('LENT', client, 300), 'provider.timeout');
    // Not before the deadline, and long before the service would answer (slack for a loaded machine).
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('an HTTP 500 that is not a SOAP fault -> provider.unavailable', async () => {
    const c = createSoapConnector(config(`${broken.url}/ws/bourses`));
    await expectProblem(ask('CONNU', c), 'provider.unavailable');
    await c.close();
  });

  test('a malformed XML answer -> provider.invalid_response', async () => {
    const c = createSoapConnector(config(`${garbage.url}/ws/bourses`));
    await expectProblem(ask('CONNU', c), 'provider.invalid_response');
    await c.close();
  });

  test('a service that is down -> provider.unavailable; health reads the WSDL', async () => {
    const c = createSoapConnector(config('http://127.0.0.1:9/ws/bourses'));
    await expectProblem(ask('CONNU', c), 'provider.unavailable');
    expect(await client.health()).toMatchObject({ status: 'up' });
    const noWsdl = createSoapConnector({ ...config('http://127.0.0.1:9/ws'), wsdl: 'http://127.0.0.1:9/ws?wsdl' });
    expect(await noWsdl.health()).toMatchObject({ status: 'down', code: 'provider.unavailable' });
    await c.close();
  });
});
