/**
 * Documents that other domains publish into the catalogue's French search (docs/architecture.md,
 * "Counter"): a published use case is found by the same query, configuration and ranking as the
 * APIs it relies on. Callers pass their transaction's client, so a document is searchable if and
 * only if what it describes is public.
 */
import type pg from 'pg';
import { deleteSearchDocumentById, upsertSearchDocument } from './store/search-documents.js';

export type SearchDocumentKind = 'use_case';

export interface SearchDocument {
  kind: SearchDocumentKind;
  /** The document's public id (a use case's slug). */
  id: string;
  title: string;
  /** Text searched with a lower weight than the title. */
  body: string;
  /** APIs the document relies on (the search's producer and access filters apply through them). */
  apiSlugs: string[];
}

export async function putSearchDocument(db: Pick<pg.Pool, 'query'>, d: SearchDocument, at: Date): Promise<void> {
  if (!d.id || d.id.length > 80) throw new TypeError('putSearchDocument: id must have 1 to 80 characters');
  await upsertSearchDocument(db, { ...d, at });
}

export async function removeSearchDocument(db: Pick<pg.Pool, 'query'>, kind: SearchDocumentKind, id: string): Promise<void> {
  await deleteSearchDocumentById(db, kind, id);
}
