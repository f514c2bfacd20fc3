import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { createApi, getApi, getApiConnector, importOpenApi, setApiConnector, type ImportResult } from '../../catalog/index.js';
import {
  connectionStringFor,
  connectorGovernance,
  currentDatabase,
  isStoredBinding,
  parseConnectorTargets,
  prepareBinding,
  redactBinding,
  type ConnectorGovernance,
  type ConnectorTarget,
} from '../../connectors/index.js';
import { ProblemError, isValidSiret } from '../../schemas/index.js';

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
  if (!isValidSiret(o.producer))
    throw new ProblemError('client.invalid_siret', { detail: `--producer ${o.producer} n’est pas un SIRET valide.` });
  const text = await readFile(file, 'utf8');
  let created = false;
  try {
    const api = await getApi(pool, o.slug);
    if (api.producerSiret !== o.producer)
      throw new ProblemError('client.conflict', { detail: `L’API « ${o.slug} » appartient au producteur ${api.producerSiret}.` });
  } catch (err) {
    if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
    const title = o.title ?? /^\s*title:\s*['"]?(.+?)['"]?\s*$/m.exec(text)?.[1] ?? o.slug;
    await createApi(pool, {
      slug: o.slug,
      producerSiret: o.producer,
      title: title.slice(0, 200),
      access: o.access,
      sensitivity: o.sensitivity,
      subjectKind: o.subjectKind,
      consentPolicy: o.consentPolicy,
    });
    created = true;
  }
  return { ...(await importOpenApi(pool, o.slug, text, { importedBy: 'cli' })), created };
}

/** Human-readable report of an import, then of each problem item when it failed. */
export function describeImport(r: ImportResult & { created: boolean }): string {
  const d = r.diff;
  const changes = d
    ? `${d.endpointsAdded.length} added, ${d.endpointsRemoved.length} removed, ${d.endpointsChanged.length} changed`
    : 'first version';
  return `${r.created ? 'declared and ' : ''}imported ${r.slug} version ${r.version} (#${r.seq}, OpenAPI ${r.openapiVersion}): ${r.endpoints} endpoints; ${changes}; ${r.warnings.length} warning(s)\n`;
}

type WithDatabase = <T>(fn: (db: { pool: pg.Pool }) => Promise<T>) => Promise<T>;

/** Registers `catalog import` on the CLI (`withDatabase` passed in to keep cli.ts the only entry point). */
export function registerCatalogCommands(program: Command, withDatabase: WithDatabase): void {
  const catalog = program.command('catalog').description('producer APIs of the catalogue');
  catalog
    .command('import')
    .argument('<file>', 'OpenAPI 3.0/3.1 document, YAML or JSON')
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
        process.stderr.write(
          `${err.code}: ${err.detail ?? err.title}\n${(err.errors ?? []).map((e) => `  ${e.pointer || '/'}: ${e.detail}\n`).join('')}`,
        );
        process.exitCode = 1;
      }
    });
}

/** The governance the CLI works under: CONNECTOR_TARGETS (never Datapedia's own database) and the secrets' sealer. */
export async function cliGovernance(
  pool: pg.Pool,
  config: { CONNECTOR_TARGETS?: string; KEY_ENCRYPTION_SECRET: string },
): Promise<ConnectorGovernance> {
  const ownDatabaseUrl = connectionStringFor(pool, await currentDatabase(pool));
  return connectorGovernance(parseConnectorTargets(config.CONNECTOR_TARGETS, { ownDatabaseUrl }), config.KEY_ENCRYPTION_SECRET);
}

/** `connectors bind SLUG FILE`: binds an API within a declared target (the file: `{ target, config }`, JSON or YAML). */
export async function runConnectorBind(pool: pg.Pool, g: ConnectorGovernance, slug: string, file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  let binding: unknown;
  try {
    binding = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseYaml(text);
  } catch {
    throw new ProblemError('client.malformed_json', { detail: `${file} n’est ni du JSON ni du YAML lisible.` });
  }
  const previous = await getApiConnector(pool, slug);
  const stored = await prepareBinding(g, slug, binding, {
    boundBy: 'cli',
    now: new Date(),
    previous: isStoredBinding(previous) ? previous : null,
  });
  await setApiConnector(pool, slug, stored);
  return `${JSON.stringify({ bound: true, ...redactBinding(stored) }, null, 2)}\n`;
}

/** `connectors show SLUG`: the binding, secrets as {"set": true}. */
export async function runConnectorShow(pool: pg.Pool, slug: string): Promise<string> {
  const stored = await getApiConnector(pool, slug);
  return `${JSON.stringify(isStoredBinding(stored) ? { bound: true, ...redactBinding(stored) } : { bound: false }, null, 2)}\n`;
}

function targetLine(t: ConnectorTarget): string {
  switch (t.kind) {
    case 'sql': {
      const url = new URL(t.dsn);
      url.password = '';
      return `${t.name}\tsql\t${url.toString()} as ${t.role}${t.views ? ` (${t.views.join(', ')})` : ''}`;
    }
    case 'flatfile':
      return `${t.name}\tflatfile\t${t.root}`;
    default:
      return `${t.name}\t${t.kind}\t${t.origins.join(' ')}${t.root ? ` (${t.root})` : ''}`;
  }
}

type WithDatabaseAndConfig = <T>(
  fn: (db: { pool: pg.Pool }, config: { CONNECTOR_TARGETS?: string; KEY_ENCRYPTION_SECRET: string }) => Promise<T>,
) => Promise<T>;

function reportProblem(err: unknown): void {
  if (!(err instanceof ProblemError)) throw err;
  process.stderr.write(
    `${err.code}: ${err.detail ?? err.title}\n${(err.errors ?? []).map((e) => `  ${e.pointer || '/'}: ${e.detail}\n`).join('')}`,
  );
  process.exitCode = 1;
}

/** Registers `connectors targets|show|bind`: the operator's side of connector governance. */
export function registerConnectorCommands(program: Command, withDatabase: WithDatabaseAndConfig): void {
  const connectors = program
    .command('connectors')
    .description('connector targets (CONNECTOR_TARGETS) and the connectors bound to APIs (operator)');
  connectors
    .command('targets')
    .description('list the declared connector targets (passwords never shown)')
    .action(async () => {
      try {
        const lines = await withDatabase(async ({ pool }, config) => (await cliGovernance(pool, config)).targets.list().map(targetLine));
        process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no connector target declared (CONNECTOR_TARGETS)\n');
      } catch (err) {
        reportProblem(err);
      }
    });
  connectors
    .command('show')
    .argument('<slug>', 'API slug')
    .description('show the connector bound to an API (secrets as {"set": true})')
    .action(async (slug: string) => {
      try {
        process.stdout.write(await withDatabase(({ pool }) => runConnectorShow(pool, slug)));
      } catch (err) {
        reportProblem(err);
      }
    });
  connectors
    .command('bind')
    .argument('<slug>', 'API slug')
    .argument('<file>', 'binding { target, config }, JSON or YAML')
    .description('bind an API to a connector within a declared target (secrets sealed)')
    .action(async (slug: string, file: string) => {
      try {
        process.stdout.write(
          await withDatabase(async ({ pool }, config) => runConnectorBind(pool, await cliGovernance(pool, config), slug, file)),
        );
      } catch (err) {
        reportProblem(err);
      }
    });
}
