/**
 * `datapedia connectors targets|show|bind`: the operator's side of connector governance, run as
 * the real CLI on a real database.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { createApi } from '../../catalog/index.js';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'datapedia.mjs');
const SECRET = 'cli-bound-client-secret-41ab';
const TARGETS = JSON.stringify([
  { name: 'cnaf', kind: 'rest', origins: ['https://203.0.113.7'] },
  { name: 'referentiel', kind: 'sql', dsn: 'postgres://lecteur:motdepasse@db.example:5432/ref', role: 'lecteur' },
]);

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'dp-cli-conn-'));
  await seedDemoOrganisations(db.pool);
  await createApi(db.pool, {
    slug: 'cli-quotient',
    producerSiret: '18000100000017',
    title: 'Quotient',
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
  });
});
afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return run(process.execPath, [BIN, 'connectors', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test', CONNECTOR_TARGETS: TARGETS },
    timeout: 60000,
  });
}

describe('datapedia connectors', () => {
  test('targets lists the declared targets without passwords', async () => {
    const { stdout } = await cli('targets');
    expect(stdout).toMatch(/cnaf\trest\thttps:\/\/203\.0\.113\.7:443/);
    expect(stdout).toMatch(/referentiel\tsql\tpostgres:\/\/lecteur@db\.example:5432\/ref as lecteur/);
    expect(stdout).not.toContain('motdepasse');
  }, 120_000);

  test('bind seals the secret, show prints {"set": true}; outside the targets exits 1 with the code', async () => {
    const file = join(dir, 'binding.yaml');
    writeFileSync(
      file,
      `target: cnaf\nconfig:\n  kind: rest\n  baseUrl: https://203.0.113.7/api\n  auth: { type: oauth2_client_credentials, tokenUrl: "https://203.0.113.7/token", clientId: dp, clientSecret: ${SECRET} }\n  operations:\n    q: { method: GET, path: /q }\n`,
    );
    const bound = await cli('bind', 'cli-quotient', file);
    expect(bound.stdout).toContain('"set": true');
    expect(bound.stdout).not.toContain(SECRET);
    const { rows } = await db.pool.query<{ c: string }>(`SELECT connector::text AS c FROM catalog_apis WHERE slug = 'cli-quotient'`);
    expect(rows[0]!.c).not.toContain(SECRET);
    const shown = await cli('show', 'cli-quotient');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      bound: true,
      target: 'cnaf',
      boundBy: 'cli',
      config: { auth: { clientSecret: { set: true } } },
    });

    const evil = join(dir, 'evil.json');
    writeFileSync(
      evil,
      JSON.stringify({
        target: 'referentiel',
        config: { kind: 'sql', role: 'postgres', operations: { q: { query: 'SELECT 1', params: [] } } },
      }),
    );
    await expect(cli('bind', 'cli-quotient', evil)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/client\.connector_role_not_allowed[\s\S]*\/config\/role/),
    });
  }, 120000);
});
