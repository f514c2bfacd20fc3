/**
 * "Mes données" (API Particulier's FranceConnect mode turned to the person): the person asks a
 * producer what it holds about them. This module only prepares the call — which endpoints of
 * the API answer about a person named by the identity pivot, and with which parameters, the
 * person's own identity as the subject. The call itself goes through the exchange path (the
 * person as consumer, recorded in the ledger like any exchange); nothing of the answer, nor
 * the parameters, is stored here. Rules:
 * - the API is about people (`subjectKind: person`) and published (or deprecated, still served);
 * - an endpoint qualifies when it is a GET without path parameters whose required parameters
 *   are all API Particulier v3 identity parameters (`nomNaissance`, `prenoms[]`, …);
 * - parameters are encoded exactly as `parseParticulierIdentity` reads them, so the exchange
 *   derives the same subject_ref as the person's login.
 */
import { PARTICULIER_IDENTITY_PARAMS, ProblemError, subjectRef, type PersonPivot } from '../schemas/index.js';
import { getApi, listEndpoints, type Endpoint } from '../catalog/index.js';
import type { ConsentContext } from './types.js';

export interface MyDataCall {
  operationId: string;
  method: 'GET';
  pathTemplate: string;
  summary: string;
  /** Query parameters naming the person (API Particulier v3). */
  query: Record<string, string | string[]>;
}

export interface MyDataPlan {
  apiSlug: string;
  producerSiret: string;
  apiTitle: string;
  /** The subject of the calls, and their consumer: the person consults their own data. */
  subjectRef: string;
  calls: MyDataCall[];
}

/** The API Particulier v3 parameters naming a person (the inverse of `parseParticulierIdentity`). */
export function identityParameters(p: PersonPivot): Record<string, string | string[]> {
  const [year, month, day] = p.birthdate.split('-');
  return {
    nomNaissance: p.family_name,
    'prenoms[]': p.given_name.split(/\s+/).filter(Boolean),
    anneeDateNaissance: String(Number(year)),
    moisDateNaissance: String(Number(month)),
    jourDateNaissance: String(Number(day)),
    sexeEtatCivil: p.gender === 'female' ? 'F' : 'M',
    codeCogInseePaysNaissance: p.birthcountry,
    ...(p.birthplace ? { codeCogInseeCommuneNaissance: p.birthplace } : {}),
  };
}

const IDENTITY = new Set<string>(PARTICULIER_IDENTITY_PARAMS);

/** The subject parameters of one endpoint for the person; null when the endpoint needs more than an identity. */
export function subjectParametersFor(
  p: PersonPivot,
  endpoint: Pick<Endpoint, 'method' | 'parameters'>,
): Record<string, string | string[]> | null {
  if (endpoint.method.toUpperCase() !== 'GET') return null;
  if (endpoint.parameters.some((x) => x.in === 'path' || (x.required && !(x.in === 'query' && IDENTITY.has(x.name))))) return null;
  const declared = new Set(endpoint.parameters.filter((x) => x.in === 'query').map((x) => x.name));
  if (![...IDENTITY].some((n) => declared.has(n))) return null;
  return Object.fromEntries(Object.entries(identityParameters(p)).filter(([name]) => declared.has(name)));
}

/** The calls that answer "what do you hold about me?" on one API; `client.not_found` when it cannot answer. */
export async function planMyDataConsultation(
  ctx: Pick<ConsentContext, 'pool'>,
  o: { apiSlug: string; pivot: PersonPivot; subjectSecret: string },
): Promise<MyDataPlan> {
  const unavailable = () =>
    new ProblemError('client.not_found', { detail: 'Ce producteur ne permet pas encore de consulter vos données.' });
  const api = await getApi(ctx.pool, o.apiSlug);
  if (api.subjectKind !== 'person' || (api.lifecycle !== 'published' && api.lifecycle !== 'deprecated')) throw unavailable();
  const calls: MyDataCall[] = [];
  for (const e of await listEndpoints(ctx.pool, api.slug)) {
    const query = subjectParametersFor(o.pivot, e);
    if (query) calls.push({ operationId: e.operationId, method: 'GET', pathTemplate: e.pathTemplate, summary: e.summary, query });
  }
  if (calls.length === 0) throw unavailable();
  return {
    apiSlug: api.slug,
    producerSiret: api.producerSiret,
    apiTitle: api.title,
    subjectRef: subjectRef(o.subjectSecret, { kind: 'person', pivot: o.pivot }),
    calls,
  };
}
