/**
 * Query strings of the exchange path, parsed from the raw URL (not by express): a name may appear
 * once, except names ending in `[]` (API Particulier v3 arrays such as `prenoms[]`), which
 * collect every occurrence. Anything else repeated is `client.duplicate_parameter` (docs/architecture.md, "Allowlists").
 * A name or value holding a control character (NUL first: PostgreSQL text refuses it) is
 * 400 `client.invalid_parameter`, before anything reaches a producer or the ledger.
 */
import { ProblemError } from '../../schemas/index.js';

export type Query = Record<string, string | string[]>;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

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
    if (CONTROL.test(name) || CONTROL.test(value)) {
      throw new ProblemError('client.invalid_parameter', {
        detail: 'Caractère de contrôle interdit dans la chaîne de requête.',
        errors: [{ pointer: `/${CONTROL.test(name) ? '' : name}`, detail: 'caractère de contrôle' }],
      });
    }
    const prev = out[name];
    if (name.endsWith('[]')) out[name] = prev === undefined ? [value] : [...(prev as string[]), value];
    else if (prev !== undefined)
      throw new ProblemError('client.duplicate_parameter', {
        detail: `Le paramètre « ${name} » doit apparaître une seule fois.`,
        errors: [{ pointer: `/${name}`, detail: 'paramètre répété' }],
      });
    else out[name] = value;
  }
  return out;
}
