import type pg from 'pg';
import {
  ProblemError,
  compileValidator,
  loadSchema,
  type ProblemItem,
  withTransaction,
  parsePointer,
  escapeToken,
} from '../schemas/index.js';
import * as store from './store/data-elements.js';
import * as endpointsStore from './store/endpoints.js';
import * as apisStore from './store/apis.js';
import { getApi } from './apis.js';
import { fieldCovers } from './mask-response.js';
import type { DataElement, DataElementCarrier, Lifecycle } from './types.js';

const validate = compileValidator<DataElement>('catalog-data-element.json');
const validateLinks = compileValidator<{ fields: Record<string, string> }>('catalog-field-links.json');

/** The format names a schema of `schemas/` and, optionally, a sub-schema inside it (RFC 6901 pointer). */
function assertFormatExists(file: string, pointer: string): void {
  let node: unknown;
  try {
    node = loadSchema(file);
  } catch {
    throw new ProblemError('client.validation_failed', {
      detail: `Schéma « ${file} » inconnu.`,
      errors: [{ pointer: '/format/schema', detail: 'schéma inconnu' }],
    });
  }
  for (const token of pointer ? parsePointer(pointer) : [])
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
  if (!node || typeof node !== 'object')
    throw new ProblemError('client.validation_failed', {
      detail: `Aucun sous-schéma « ${pointer} » dans ${file}.`,
      errors: [{ pointer: '/format/pointer', detail: 'sous-schéma introuvable' }],
    });
}

function toDataElement(r: store.DataElementRow): DataElement {
  return {
    id: r.id,
    label: r.label,
    definition: r.definition,
    format: r.format as DataElement['format'],
    subjectKind: r.subject_kind as DataElement['subjectKind'],
    sensitivity: r.sensitivity as DataElement['sensitivity'],
    legalSource: r.legal_source as DataElement['legalSource'],
    updateFrequency: r.update_frequency,
  };
}

/** Creates or replaces a data element; its format must name an existing schema of `schemas/`. */
export async function putDataElement(db: Pick<pg.Pool, 'query'>, body: unknown): Promise<DataElement> {
  const e = validate.assert(body);
  if ('schema' in e.format) assertFormatExists(e.format.schema, e.format.pointer ?? '');
  return toDataElement(
    await store.upsertDataElement(db, {
      id: e.id,
      label: e.label,
      definition: e.definition,
      format: e.format,
      subject_kind: e.subjectKind,
      sensitivity: e.sensitivity,
      legal_source: e.legalSource,
      update_frequency: e.updateFrequency,
    }),
  );
}

export async function listDataElements(db: Pick<pg.Pool, 'query'>): Promise<DataElement[]> {
  return (await store.listDataElements(db)).map(toDataElement);
}

/** A data element with the APIs, endpoints and fields that carry it (`lifecycles` null = every API). */
export async function getDataElement(
  db: Pick<pg.Pool, 'query'>,
  id: string,
  opts: { lifecycles?: Lifecycle[] | null } = {},
): Promise<DataElement & { carriers: DataElementCarrier[] }> {
  const row = /^[a-z][a-z0-9_]{0,63}$/.test(id) ? await store.findDataElementById(db, id) : null;
  if (!row) throw new ProblemError('client.not_found', { detail: `Aucune donnée « ${id.slice(0, 64)} » au dictionnaire.` });
  const carriers = (await store.listCarriersByDataElementId(db, id, opts.lifecycles ?? null)).map((c) => ({
    apiSlug: c.slug,
    apiTitle: c.title,
    producerSiret: c.producer_siret,
    pointer: c.pointer,
    operationIds: c.operation_ids,
  }));
  return { ...toDataElement(row), carriers };
}

/** The field → data element links of an API. */
export async function listFieldLinks(db: Pick<pg.Pool, 'query'>, apiSlug: string): Promise<Record<string, string>> {
  const api = await getApi(db, apiSlug);
  return Object.fromEntries((await store.listFieldElementsByApiId(db, api.id)).map((l) => [l.pointer, l.data_element_id]));
}

/**
 * Replaces the field → data element links of an API. Every pointer must name a response field
 * of the current version, every element must exist; otherwise nothing is changed.
 */
export async function setFieldLinks(db: pg.Pool, apiSlug: string, body: unknown): Promise<Record<string, string>> {
  const { fields } = validateLinks.assert(body);
  const api = await getApi(db, apiSlug);
  const known = new Set((await endpointsStore.listEndpointFieldsByApiId(db, api.id)).flatMap((e) => e.fields));
  const missing = new Set(await store.findMissingDataElementIds(db, [...new Set(Object.values(fields))]));
  const errors: ProblemItem[] = [];
  for (const [pointer, element] of Object.entries(fields)) {
    const at = `/fields/${escapeToken(pointer)}`;
    if (!known.has(pointer)) errors.push({ pointer: at, detail: `aucun champ de réponse « ${pointer} »` });
    if (missing.has(element)) errors.push({ pointer: at, detail: `donnée « ${element} » absente du dictionnaire` });
  }
  if (errors.length) throw new ProblemError('client.validation_failed', { detail: errors[0]!.detail, errors });
  await withTransaction(db, async (client) => {
    await store.deleteFieldElementsByApiId(client, api.id);
    await store.insertFieldElements(
      client,
      api.id,
      Object.entries(fields).map(([pointer, dataElementId]) => ({ pointer, dataElementId })),
    );
    await apisStore.notifyApiChanged(client, apiSlug);
  });
  return fields;
}

/**
 * The data elements carried by delivered fields (pointers as returned by `fieldsDelivered`): a
 * link covers its field and everything below it. Lets the trail say "votre quotient familial".
 */
export async function dataElementsForFields(
  db: Pick<pg.Pool, 'query'>,
  apiSlug: string,
  pointers: string[],
): Promise<{ id: string; label: string; pointers: string[] }[]> {
  const api = await getApi(db, apiSlug);
  const links = await store.listFieldElementsByApiId(db, api.id);
  const hits = new Map<string, string[]>();
  for (const l of links) {
    const covered = pointers.filter((p) => fieldCovers(l.pointer, p) || fieldCovers(p, l.pointer));
    if (covered.length) hits.set(l.data_element_id, [...(hits.get(l.data_element_id) ?? []), ...covered]);
  }
  if (!hits.size) return [];
  const labels = new Map((await store.listDataElements(db)).map((e) => [e.id, e.label]));
  return [...hits].map(([id, ps]) => ({ id, label: labels.get(id) ?? id, pointers: [...new Set(ps)] }));
}
