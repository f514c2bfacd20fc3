import type { ProblemItem } from '../../schemas/index.js';
import { checkMapping } from '../mapping/check.js';
import { checkTemplate } from '../template.js';
import type { ConnectorConfig, FlatFileConfig } from './types.js';

type Check = (config: ConnectorConfig) => ProblemItem[];

function templates(config: ConnectorConfig): [string, string][] {
  const found: [string, string][] = [];
  const add = (at: string, entries: Record<string, string> | string[]) => {
    for (const [k, t] of Object.entries(entries)) found.push([`${at}/${k}`, t]);
  };
  if (config.kind === 'rest') {
    for (const [id, op] of Object.entries(config.operations)) {
      found.push([`/operations/${id}/path`, op.path]);
      add(`/operations/${id}/query`, op.query ?? {});
    }
  } else if (config.kind === 'sql') {
    for (const [id, op] of Object.entries(config.operations)) add(`/operations/${id}/params`, op.params);
  } else if (config.kind === 'soap') {
    for (const [id, op] of Object.entries(config.operations)) add(`/operations/${id}/args`, op.args);
  } else {
    for (const [id, op] of Object.entries(config.operations)) add(`/operations/${id}/key`, op.key);
  }
  return found;
}

const checkTemplates: Check = (config) =>
  templates(config).flatMap(([pointer, t]) => checkTemplate(t).map((detail) => ({ pointer, detail })));

const checkMappings: Check = (config) => {
  const problems: ProblemItem[] = [];
  for (const [name, m] of Object.entries(config.mappings ?? {})) problems.push(...checkMapping(m, `/mappings/${name}`));
  for (const [id, op] of Object.entries(config.operations)) {
    if (op.mapping && !config.mappings?.[op.mapping])
      problems.push({ pointer: `/operations/${id}/mapping`, detail: `mapping « ${op.mapping} » inconnu` });
  }
  return problems;
};

const checkSqlParams: Check = (config) => {
  if (config.kind !== 'sql') return [];
  return Object.entries(config.operations).flatMap(([id, op]) => {
    const used = [...op.query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    const max = used.length ? Math.max(...used) : 0;
    return max === op.params.length
      ? []
      : [{ pointer: `/operations/${id}/params`, detail: `la requête utilise ${max} paramètre(s), ${op.params.length} fourni(s)` }];
  });
};

function flatFields(config: FlatFileConfig): string[] {
  return config.format === 'fixed' ? (config.fixed?.fields ?? []).map((f) => f.name) : (config.csv?.columns ?? []);
}

const checkFlatFile: Check = (config) => {
  if (config.kind !== 'flatfile') return [];
  const problems: ProblemItem[] = [];
  const names = flatFields(config);
  config.key.forEach((k, i) => {
    if (!names.includes(k)) problems.push({ pointer: `/key/${i}`, detail: `champ « ${k} » absent de la description` });
  });
  config.fixed?.fields.forEach((f, i) => {
    if (f.offset + f.length > config.fixed!.recordLength)
      problems.push({ pointer: `/fixed/fields/${i}`, detail: 'le champ dépasse la longueur de l’enregistrement' });
    if (f.type === 'packed_date' && f.length !== 8)
      problems.push({ pointer: `/fixed/fields/${i}/length`, detail: 'une date packée occupe 8 positions' });
  });
  if (config.fixed && config.fixed.detailType.length !== config.fixed.typeLength)
    problems.push({ pointer: '/fixed/detailType', detail: 'longueur différente de typeLength' });
  if (config.fixed && config.fixed.trailerType.length !== config.fixed.typeLength)
    problems.push({ pointer: '/fixed/trailerType', detail: 'longueur différente de typeLength' });
  for (const [id, op] of Object.entries(config.operations)) {
    if (op.key.length !== config.key.length)
      problems.push({ pointer: `/operations/${id}/key`, detail: `${config.key.length} éléments de clé attendus` });
  }
  return problems;
};

/** Checks a schema-valid configuration for what a JSON Schema cannot say. */
export const SEMANTIC_CHECKS: readonly Check[] = [checkTemplates, checkMappings, checkSqlParams, checkFlatFile];
