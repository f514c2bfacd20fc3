import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type pg from 'pg';
import { createApi, getApi, importOpenApi, type ImportResult } from '../catalog/index.js';
import { ProblemError, isValidSiret } from '../schemas/index.js';

export interface CatalogImportOptions {
  producer: string;
  slug: string;
  title?: string;
  access: string;
  sensitivity: string;
  subjectKind: string;
  consentPolicy: string;
}

/**
 * `datapedia catalog import FILE --producer SIRET --slug SLUG`: declares the API (draft) when it
 * does not exist yet, then imports the file as its new version. Refuses an existing API of
 * another producer.
 */
export async function runCatalogImport(pool: pg.Pool, file: string, o: CatalogImportOptions): Promise<ImportResult & { created: boolean }> {
  if (!isValidSiret(o.producer)) throw new ProblemError('client.invalid_siret', { detail: `--producer ${o.producer} n’est pas un SIRET valide.` });
  const text = await readFile(file, 'utf8');
  let created = false;
  try {
    const api = await getApi(pool, o.slug);
    if (api.producerSiret !== o.producer) throw new ProblemError('client.conflict', { detail: `L’API « ${o.slug} » appartient au producteur ${api.producerSiret}.` });
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
    const title = o.title ?? /^\s*title:\s*['"]?(.+?)['"]?\s*$/m.exec(text)?.[1] ?? o.slug;
    await createApi(pool, { slug: o.slug, producerSiret: o.producer, title: title.slice(0, 200), access: o.access, sensitivity: o.sensitivity, subjectKind: o.subjectKind, consentPolicy: o.consentPolicy });
    created = true;
  }
  return { ...(await importOpenApi(pool, o.slug, text, { importedBy: 'cli' })), created };
}

/** Human-readable report of an import, then of each problem item when it failed. */
export function describeImport(r: ImportResult & { created: boolean }): string {
  const d = r.diff;
  const changes = d ? `${d.endpointsAdded.length} added, ${d.endpointsRemoved.length} removed, ${d.endpointsChanged.length} changed` : 'first version';
  return `${r.created ? 'declared and ' : ''}imported ${r.slug} version ${r.version} (#${r.seq}, OpenAPI ${r.openapiVersion}): ${r.endpoints} endpoints; ${changes}; ${r.warnings.length} warning(s)\n`;
}

type WithDatabase = <T>(fn: (db: { pool: pg.Pool }) => Promise<T>) => Promise<T>;

/** Registers `catalog import` on the CLI (`withDatabase` passed in to keep cli.ts the only entry point). */
export function registerCatalogCommands(program: Command, withDatabase: WithDatabase): void {
  const catalog = program.command('catalog').description('producer APIs of the catalogue');
  catalog.command('import').argument('<file>', 'OpenAPI 3.0/3.1 document, YAML or JSON')
    .description('import an OpenAPI document as the new version of an API (declared as a draft if new)')
    .requiredOption('--producer <siret>', 'SIRET of the producer organisation')
    .requiredOption('--slug <slug>', 'short identifier of the API')
    .option('--title <title>', 'title when the API is declared (default: info.title)')
    .option('--access <access>', 'open | restricted', 'restricted')
    .option('--sensitivity <level>', 'standard | sensitive | highly_sensitive', 'standard')
    .option('--subject-kind <kind>', 'person | company | none', 'none')
    .option('--consent-policy <policy>', 'none | legal_basis | consent_required', 'legal_basis')
    .action(async (file: string, opts: CatalogImportOptions) => {
      try {
        const result = await withDatabase(({ pool }) => runCatalogImport(pool, file, opts));
        process.stdout.write(describeImport(result));
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        process.stderr.write(`${err.code}: ${err.detail ?? err.title}\n${(err.errors ?? []).map((e) => `  ${e.pointer || '/'}: ${e.detail}\n`).join('')}`);
        process.exitCode = 1;
      }
    });
}
