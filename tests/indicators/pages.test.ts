import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { insertMembership } from '../../identity/index.js';
import { publishedIndicators, queueMonthlyReports } from '../../indicators/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testPrincipals } from '../helpers/principals.js';
import { CAST, CNAF, GIRONDE, LYON, seedWorld } from '../contracts/fixtures.js';
import { appendWith, DGFIP, exchangeEvent, knownLedger, seedDgfipApi } from './world.js';
import { validateTableCsv, type TableSchema } from './table-schema.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ deps: { authenticators: [testPrincipals(CAST)] } });
  await seedWorld(t.db.pool);
  await seedDgfipApi(t.db.pool);
  await appendWith((at, over) => t.deps.ledger.append(exchangeEvent(at, over, LYON, CNAF)), knownLedger(LYON, GIRONDE));
  expect(await t.services.indicators.rollup.runOnce()).toBe(113);
}, 120_000);

afterAll(async () => {
  await t.stop();
});

const as = (name: keyof typeof CAST) => ({ 'X-Test-Principal': name });

describe('the indicators page is public, French, and says with charts what its tables say', () => {
  test('/guichet/indicateurs: accessible SVG charts with the 80 % target line, the data tables beside', async () => {
    const res = await request(t.app).get('/guichet/indicateurs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = res.text;
    expect(page).toContain('<html lang="fr"');
    expect(page).toContain('<h1>Indicateurs du décloisonnement de l’information entre administrations</h1>');
    // Two charts, each an image with its title and description.
    expect(page.match(/<svg[^>]*role="img"[^>]*aria-labelledby="graphique-succes-titre graphique-succes-desc"/g)).toHaveLength(1);
    expect(page).toContain('<title id="graphique-succes-titre">Taux de succès du recours par mois, avec la cible de 80 %</title>');
    expect(page).toMatch(/<desc id="graphique-succes-desc">[^<]*octobre 2026 : 60,4 %[^<]*Ligne de cible : cible 80 %\.<\/desc>/);
    expect(page).toMatch(/stroke-dasharray="6 4"/);
    // The table beside it: October's figures, November withheld.
    expect(page).toMatch(/<th scope="row">octobre 2026<\/th><td>91<\/td><td>55<\/td><td>60,4 %<\/td>/);
    expect(page).toMatch(/<th scope="row">novembre 2026<\/th><td colspan="12">moins de 10 échanges : non publié<\/td>/);
    // Every documented open-data column is listed.
    expect(page).toContain('<code>success_rate</code>');
    expect(page).toContain('href="/guichet/indicateurs.csv"');
  });

  test('the open-data CSV validates against its served Table Schema, and says what the JSON says', async () => {
    const schemaRes = await request(t.app).get('/guichet/indicateurs/schema.json');
    expect(schemaRes.status).toBe(200);
    const schema = schemaRes.body as TableSchema;
    const csv = await request(t.app).get('/guichet/indicateurs.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers.link).toBe('</guichet/indicateurs/schema.json>; rel="describedby"; type="application/json"');
    expect(validateTableCsv(csv.text, schema)).toEqual([]);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    // 12 months × (overall + 2 producers + 2 APIs).
    expect(rows).toHaveLength(60);
    const october = rows.find((r) => r.month === '2026-10' && r.level === 'overall')!;
    expect(october).toMatchObject({
      attempts: '91',
      delivered: '55',
      success_rate: '0.6044',
      platform_failures: '',
      refused: '',
      withheld: 'false',
    });
    const dgfip = rows.find((r) => r.month === '2026-10' && r.level === 'producer' && r.producer_siret === DGFIP)!;
    expect(dgfip).toMatchObject({ withheld: 'true', exchanges: '', delivered: '' });
    const json = await request(t.app).get('/guichet/indicateurs.json');
    expect(json.status).toBe(200);
    expect(json.body).toEqual(JSON.parse(JSON.stringify(await publishedIndicators(t.db.pool, { now: t.clock.now() }))));
  });

  test('a CSV that breaks its schema is caught by the validator (the check is not vacuous)', async () => {
    const schema = (await request(t.app).get('/guichet/indicateurs/schema.json')).body as TableSchema;
    const csv = (await request(t.app).get('/guichet/indicateurs.csv')).text;
    expect(validateTableCsv(csv.replace(',overall,', ',total,'), schema)).not.toEqual([]);
    expect(validateTableCsv(csv.replace(/,0\.6044,/, ',1.6044,'), schema)).not.toEqual([]);
    expect(validateTableCsv(csv.replace('month,level', 'mois,level'), schema)).not.toEqual([]);
  });
});

describe('the producer’s monthly report: a page and a CSV in /espace for its agents only, announced through the outbox', () => {
  test('a CNAF instructor reads the October report per API and consumer, as a page and a CSV', async () => {
    const page = await request(t.app).get(`/espace/indicateurs?siret=${CNAF}&mois=2026-10`).set(as('ivan'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Rapport mensuel d’usage');
    expect(page.text).toContain(
      `(${LYON})</span></th><td>87</td><td>40</td><td>12</td><td>10</td><td>11</td><td>1</td><td>10</td><td>3</td>`,
    );
    expect(page.text).toContain(`(${GIRONDE})</span></th><td>10</td><td>10</td>`);
    const csv = await request(t.app).get(`/espace/indicateurs.csv?siret=${CNAF}&mois=2026-10`).set(as('ivan'));
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({
        api_slug: 'cnaf-qf',
        consumer_siret: LYON,
        exchanges: '87',
        not_found: '12',
        client_mistakes: '10',
        refused: '3',
      }),
      expect.objectContaining({
        api_slug: 'cnaf-qf',
        consumer_siret: GIRONDE,
        exchanges: '10',
        delivered: '10',
        api_latency_p95_ms: '400',
      }),
    ]);
    // Without `siret`: the agent's own producer.
    expect((await request(t.app).get('/espace/indicateurs?mois=2026-10').set(as('ivan'))).status).toBe(200);
  });

  test('another organisation’s agent, an applicant, a bad month: refused with their codes', async () => {
    const other = await request(t.app).get(`/espace/indicateurs.csv?siret=${CNAF}&mois=2026-10`).set(as('oscar'));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('client.forbidden');
    expect((await request(t.app).get(`/espace/indicateurs?mois=2026-10`).set(as('alice'))).status).toBe(403);
    const bad = await request(t.app).get(`/espace/indicateurs.csv?siret=${CNAF}&mois=2020-01`).set(as('ivan'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('client.invalid_parameter');
    const anonymous = await request(t.app).get('/espace/indicateurs').redirects(0);
    expect(anonymous.status).toBe(302);
  });

  test('last month’s report is queued once per producer to its instructors and admins', async () => {
    await insertMembership(t.db.pool, {
      issuer: 'https://pc.example',
      sub: 'ivan',
      email: 'ivan@cnaf.example',
      siret: CNAF,
      roles: ['instructor'],
    });
    await insertMembership(t.db.pool, {
      issuer: 'https://pc.example',
      sub: 'pat',
      email: 'pat@cnaf.example',
      siret: CNAF,
      roles: ['admin'],
    });
    await insertMembership(t.db.pool, {
      issuer: 'https://pc.example',
      sub: 'ann',
      email: 'ann@cnaf.example',
      siret: CNAF,
      roles: ['applicant'],
    });
    // The clock is in November 2026: October's reports.
    expect(await queueMonthlyReports(t.db.pool, t.clock.now())).toEqual([CNAF, DGFIP].sort());
    expect(await queueMonthlyReports(t.db.pool, t.clock.now())).toEqual([]);
    const { rows } = await t.db.pool.query<{ kind: string; recipient: string; status: string }>(
      `SELECT kind, recipient, status FROM notify_outbox WHERE kind = 'producer_report' ORDER BY recipient`,
    );
    expect(rows).toEqual([
      { kind: 'producer_report', recipient: 'ivan@cnaf.example', status: 'pending' },
      { kind: 'producer_report', recipient: 'pat@cnaf.example', status: 'pending' },
    ]);
  });
});
