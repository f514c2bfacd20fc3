import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { listEndpoints, getApi } from '../../catalog/index.js';
import { CNAF, DINUM, FIXTURES } from './helpers.js';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'datapedia.mjs');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoOrganisations(db.pool);
});
afterAll(async () => {
  await db.drop();
});

function cli(...args: string[]) {
  return run(process.execPath, [BIN, 'catalog', 'import', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    timeout: 60000,
  });
}

describe('datapedia catalog import FILE --producer SIRET --slug SLUG', () => {
  test('declares the API as a draft and imports the document', async () => {
    const { stdout } = await cli(join(FIXTURES, 'family-v1.yaml'), '--producer', CNAF, '--slug', 'cli-famille', '--subject-kind', 'person');
    expect(stdout).toMatch(/declared and imported cli-famille version 1\.0\.0 \(#1, OpenAPI 3\.1\.0\): 2 endpoints/);
    expect((await getApi(db.pool, 'cli-famille')).lifecycle).toBe('draft');
    expect((await listEndpoints(db.pool, 'cli-famille')).map((e) => e.operationId)).toEqual(['getFoyer', 'searchFoyer']);
  }, 120_000);

  test('a new version shows what changed', async () => {
    const { stdout } = await cli(join(FIXTURES, 'family-v2.yaml'), '--producer', CNAF, '--slug', 'cli-famille');
    expect(stdout).toMatch(/imported cli-famille version 2\.0\.0 \(#2.*1 added, 1 removed, 1 changed/);
  }, 120_000);

  test('an invalid document exits 1 with the code and each pointer; another producer is refused', async () => {
    await expect(cli(join(FIXTURES, 'broken-ref.yaml'), '--producer', CNAF, '--slug', 'cli-famille')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/client\.invalid_openapi[\s\S]*\/paths\/~1b\/get\/responses\/200/),
    });
    await expect(cli(join(FIXTURES, 'family-v1.yaml'), '--producer', DINUM, '--slug', 'cli-famille')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/client\.conflict/),
    });
  }, 120_000);
});
