/**
 * Names the citizen reads instead of identifiers: organisations' names, APIs' titles, data
 * elements' French labels (from the catalogue). Cached for a minute per process; a miss falls
 * back to the identifier itself (never a JSON path).
 */
import type pg from 'pg';
import { dataElementsForFields, getApi, getOrganisation, listDataElements } from '../../../catalog/index.js';

const TTL_MS = 60_000;

export interface LabelCache {
  organisation(siret: string | null): Promise<string | null>;
  apiTitle(slug: string | null): Promise<string | null>;
  /** Labels of data elements; for an event without them, of the elements its fields carry. */
  dataElements(ids: string[] | null, apiSlug: string | null, fields: string[] | null): Promise<{ id: string; label: string }[]>;
  allDataElements(): Promise<{ id: string; label: string }[]>;
}

function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const map = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = map.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    if (map.size > 10_000) map.clear();
    const value = load(key);
    map.set(key, { at: Date.now(), value });
    value.catch(() => map.delete(key));
    return value;
  };
}

export function createLabelCache(pool: pg.Pool): LabelCache {
  const org = memo((siret) =>
    getOrganisation(pool, siret).then(
      (o) => o.name,
      () => siret,
    ),
  );
  const api = memo((slug) =>
    getApi(pool, slug).then(
      (a) => a.title,
      () => slug,
    ),
  );
  const elements = memo(() => listDataElements(pool).then((all) => new Map(all.map((e) => [e.id, e.label]))));
  const byFields = memo((key) => {
    const [slug, ...pointers] = key.split('\n');
    return dataElementsForFields(pool, slug!, pointers).then(
      (hits) => hits.map((h) => h.id),
      () => [],
    );
  });
  return {
    organisation: async (siret) => (siret ? org(siret) : null),
    apiTitle: async (slug) => (slug ? api(slug) : null),
    async dataElements(ids, apiSlug, fields) {
      let list = ids ?? [];
      if (list.length === 0 && apiSlug && fields?.length) list = await byFields([apiSlug, ...[...fields].sort()].join('\n'));
      const labels = await elements('all');
      return list.map((id) => ({ id, label: labels.get(id) ?? id }));
    },
    async allDataElements() {
      return [...(await elements('all'))].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    },
  };
}
