import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  createApi,
  getApi,
  importOpenApi,
  listDataElements,
  listVersions,
  prepareInProcess,
  putDataElement,
  setFieldLinks,
  setScopes,
  transitionApi,
  DATA_ELEMENTS,
} from '../../catalog/index.js';
import { listDemoProducers, type DemoProducer } from '../../connectors/index.js';
import { ProblemError } from '../../schemas/index.js';

export interface DemoCatalogSummary {
  dataElements: number;
  apis: number;
  imported: number;
}

async function ensureApi(pool: pg.Pool, p: DemoProducer): Promise<void> {
  try {
    await getApi(pool, p.apiSlug);
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
    const c = p.catalog;
    await createApi(pool, {
      slug: p.apiSlug,
      producerSiret: p.producerSiret,
      title: c.title,
      description: c.description,
      access: c.access,
      sensitivity: c.sensitivity,
      subjectKind: c.subjectKind,
      consentPolicy: c.consentPolicy,
      proactive: c.proactive ?? false,
      rateLimitPerMinute: c.rateLimitPerMinute,
    });
  }
}

/** Imports the producer's OpenAPI file unless the latest version is that very text (idempotent). */
async function ensureDocument(pool: pg.Pool, p: DemoProducer): Promise<boolean> {
  const text = await readFile(p.openapiFile, 'utf8');
  const sha = createHash('sha256').update(text).digest('hex');
  const [latest] = await listVersions(pool, p.apiSlug);
  if (latest?.sourceSha256 === sha) return false;
  // The demo's own documents, before the server listens: prepared in process (see importOpenApi).
  await importOpenApi(pool, p.apiSlug, text, { importedBy: 'demo', prepare: prepareInProcess });
  return true;
}

/**
 * Publishes the demo world in the catalogue (never a connector: the running demo producers bind
 * theirs within the demo targets, see connectors/producers/start-demo.ts): the data dictionary, then for each demo producer
 * (`listDemoProducers()` of the connectors) its API, OpenAPI document, scopes and field → data
 * element links, and publication. Idempotent: run at every `datapedia demo`.
 */
export async function seedDemoCatalog(
  pool: pg.Pool,
  logger: Logger,
  producers: DemoProducer[] = listDemoProducers(),
): Promise<DemoCatalogSummary> {
  for (const e of DATA_ELEMENTS) await putDataElement(pool, e);
  const known = new Set((await listDataElements(pool)).map((e) => e.id));
  let imported = 0;
  for (const p of producers) {
    const t0 = Date.now();
    await ensureApi(pool, p);
    if (await ensureDocument(pool, p)) imported++;
    await setScopes(pool, p.apiSlug, { scopes: p.catalog.scopes });
    const unknown = Object.values(p.catalog.fields).filter((id) => !known.has(id));
    if (unknown.length) logger.warn({ api: p.apiSlug, unknown }, 'demo fields name data elements missing from the dictionary; skipped');
    await setFieldLinks(pool, p.apiSlug, {
      fields: Object.fromEntries(Object.entries(p.catalog.fields).filter(([, id]) => known.has(id))),
    });
    if ((await getApi(pool, p.apiSlug)).lifecycle === 'draft') await transitionApi(pool, p.apiSlug, { to: 'published' });
    logger.info(
      { api: p.apiSlug, ms: Date.now() - t0 },
      `start-up: demo catalogue, ${p.apiSlug} ready (${producers.indexOf(p) + 1}/${producers.length})`,
    );
  }
  return { dataElements: DATA_ELEMENTS.length, apis: producers.length, imported };
}
