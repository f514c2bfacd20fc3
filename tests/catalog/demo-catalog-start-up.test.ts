/**
 * Start-up import of the demo catalogue: the operator's own documents are prepared in process
 * (no worker thread, whose module loading cost a second or two per document) in a plain Node
 * process, with the same result as the worker's preparation; a progress line per API.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';
import { listDemoProducers } from '../../connectors/index.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoOrganisations(db.pool);
}, 60_000);
afterAll(async () => {
  await db.drop();
});

it('prepares a demo document in process (no worker thread) exactly as the worker does, in a plain Node process', () => {
  const child = fileURLToPath(new URL('./fixtures/prepare-in-process.child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, listDemoProducers()[0]!.openapiFile], { encoding: 'utf8' });
  const r = JSON.parse(out) as { same: boolean; workersInProcess: number; workersTotal: number };
  // In process: no worker thread; through the worker: at least one (the counter does see workers).
  expect([r.same, r.workersInProcess, r.workersTotal >= 1]).toEqual([true, 0, true]);
}, 120_000);

it('imports the demo catalogue with a progress line per API', async () => {
  expect(isMainThread).toBe(true);
  const lines: { msg: string; api?: string }[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    }),
  );
  const summary = await seedDemoCatalog(db.pool, logger);
  expect(summary.imported).toBe(listDemoProducers().length);
  const progress = lines.filter((l) => l.msg.startsWith('start-up: demo catalogue,'));
  expect(progress.map((l) => l.api)).toEqual(listDemoProducers().map((p) => p.apiSlug));
}, 120_000);
