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
  limit?: number;
}

export interface SearchHit {
  kind: 'api' | 'endpoint' | 'data_element';
  id: string;
  title: string;
  excerpt: string;
  apiSlug: string | null;
  producerSiret: string | null;
  rank: number;
}

/** Full-text search in French (accents ignored) over APIs, endpoints and data elements, best first. */
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
