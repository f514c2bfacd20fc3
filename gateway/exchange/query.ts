/**
 * Query strings of the exchange path, parsed from the raw URL (not by express): a name may appear
 * once, except names ending in `[]` (API Particulier v3 arrays such as `prenoms[]`), which
 * collect every occurrence. Anything else repeated is `client.duplicate_parameter` (STYLE.md #10).
 */
import { ProblemError } from '../../schemas/index.js';

export type Query = Record<string, string | string[]>;

export function parseExchangeQuery(raw: string): Query {
  const out: Query = Object.create(null) as Query;
  if (raw === '') return out;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch (err) {
    throw new ProblemError('client.invalid_parameter', { detail: 'Chaîne de requête illisible.', cause: err });
  }
  for (const [name, value] of params) {
    const prev = out[name];
    if (name.endsWith('[]')) out[name] = prev === undefined ? [value] : [...(prev as string[]), value];
    else if (prev !== undefined) throw new ProblemError('client.duplicate_parameter', { detail: `Le paramètre « ${name} » doit apparaître une seule fois.`, errors: [{ pointer: `/${name}`, detail: 'paramètre répété' }] });
    else out[name] = value;
  }
  return out;
}
