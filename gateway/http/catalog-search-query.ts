/** The catalogue search filters of a query string, shared by the REST search and the catalogue page. */
import { ProblemError, isValidSiret } from '../../schemas/index.js';
import type { SearchQuery } from '../../catalog/index.js';
import { queryParam } from './query.js';

function oneOf<T extends string>(req: Parameters<typeof queryParam>[0], name: string, allowed: readonly T[]): T | null {
  const v = queryParam(req, name);
  if (v === undefined || v === '') return null;
  if (!(allowed as readonly string[]).includes(v))
    throw new ProblemError('client.invalid_parameter', { detail: `${name} doit valoir ${allowed.join(', ')}.` });
  return v as T;
}

/** Reads the search filters of a query string (shared by REST and the web page). */
export function searchQueryOf(req: Parameters<typeof queryParam>[0]): Omit<SearchQuery, 'q'> {
  const producer = queryParam(req, 'producer');
  if (producer && !isValidSiret(producer))
    throw new ProblemError('client.invalid_siret', { detail: 'producer doit être un SIRET valide.' });
  return {
    producerSiret: producer || null,
    subjectKind: oneOf(req, 'subjectKind', ['person', 'company', 'none'] as const),
    sensitivity: oneOf(req, 'sensitivity', ['standard', 'sensitive', 'highly_sensitive'] as const),
    access: oneOf(req, 'access', ['open', 'restricted'] as const),
  };
}
