import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import * as store from './store/search.js';
import { PUBLIC_LIFECYCLES } from './apis.js';
import type { Access, Lifecycle, Sensitivity, SubjectKind } from './types.js';

export interface SearchQuery {
  q: string;
  producerSiret?: string | null;
  subjectKind?: SubjectKind | null;
  sensitivity?: Sensitivity | null;
  access?: Access | null;
  /** Which APIs are searched; default: published and deprecated ones (what anyone may read). */
  lifecycles?: Lifecycle[];
  /** Which kinds of hits; default: APIs, endpoints and data elements (documents such as use cases are asked for by name). */
  kinds?: SearchKind[];
  limit?: number;
}

export type SearchKind = 'api' | 'endpoint' | 'data_element' | 'use_case';
export const DEFAULT_SEARCH_KINDS: readonly SearchKind[] = ['api', 'endpoint', 'data_element'];

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  excerpt: string;
  apiSlug: string | null;
  producerSiret: string | null;
  rank: number;
}

/** Full-text search in French (accents ignored) over APIs, endpoints, data elements and published documents (use cases), best first. */
export async function searchCatalog(db: Pick<pg.Pool, 'query'>, query: SearchQuery): Promise<SearchHit[]> {
  const q = query.q.trim();
  if (!q || q.length > 200)
    throw new ProblemError('client.invalid_parameter', { detail: 'La recherche doit contenir entre 1 et 200 caractères.' });
  const rows = await store.searchCatalogByQuery(db, {
    q,
    producer: query.producerSiret ?? null,
    subjectKind: query.subjectKind ?? null,
    sensitivity: query.sensitivity ?? null,
    access: query.access ?? null,
    lifecycles: query.lifecycles ?? PUBLIC_LIFECYCLES,
    kinds: query.kinds?.length ? [...new Set(query.kinds)] : [...DEFAULT_SEARCH_KINDS],
    limit: Math.min(Math.max(query.limit ?? 30, 1), 100),
  });
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    title: r.title,
    excerpt: r.excerpt,
    apiSlug: r.api_slug,
    producerSiret: r.producer_siret,
    rank: Number(r.rank),
  }));
}
