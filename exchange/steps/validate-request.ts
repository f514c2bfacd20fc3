/**
 * Step 4 — request validation against the producer's OpenAPI (ajv; docs/architecture.md, "Allowlists"). Rules:
 * - known parameters are the endpoint's own, the traceability ones and, for a person API,
 *   the API Particulier v3 identity parameters; any other is `client.invalid_parameter`;
 * - query and path values must satisfy their schema (strings coerced to the declared type),
 *   required ones must be present: `client.invalid_parameter` with one item per violation;
 * - a JSON body (POST) must satisfy the endpoint's request body schema: `client.validation_failed`;
 * - the subject is read and turned into its `subject_ref` (schemas/subject.ts): identity pivot
 *   for a person API, SIREN/SIRET parameter for a company API.
 */
import {
  ProblemError,
  PARTICULIER_IDENTITY_PARAMS,
  parseParticulierIdentity,
  subjectRef,
  canonicalCompany,
  toProblemItems,
  type Subject,
} from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { TRACEABILITY_PARAMS } from './check-traceability.js';
import { compileParameterValidator, compileBodyValidator } from '../support/parameter-validator.js';

export async function validateRequest(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const target = ctx.target!;
  const query = ctx.query!;
  const isPerson = target.api.subjectKind === 'person';
  const declared = new Set(target.endpoint.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(query)) {
    if ((TRACEABILITY_PARAMS as readonly string[]).includes(name)) continue;
    if (isPerson && !declared.has(name) && (PARTICULIER_IDENTITY_PARAMS as readonly string[]).includes(name)) continue;
    values[name] = v;
  }
  for (const [name, v] of Object.entries(target.pathParams)) values[name] = v;
  const validate = compileParameterValidator(target.endpoint);
  if (!validate(values)) {
    // Parameters, not form fields: « paramètre obligatoire », « paramètre inconnu ».
    const PARAM_WORDS: Record<string, string> = { 'champ inconnu': 'paramètre inconnu', 'champ obligatoire': 'paramètre obligatoire' };
    const errors = toProblemItems(validate.errors).map((e) => (PARAM_WORDS[e.detail] ? { ...e, detail: PARAM_WORDS[e.detail]! } : e));
    throw new ProblemError('client.invalid_parameter', { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
  }
  if (ctx.input.method === 'POST') {
    const body = await ctx.input.readBody();
    const validateBody = compileBodyValidator(target.endpoint);
    if (validateBody && !validateBody(body)) {
      const errors = toProblemItems(validateBody.errors);
      throw new ProblemError('client.validation_failed', { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
    }
    ctx.body = body;
  }
  if (ctx.citizenPresent) return; // FranceConnect mode: the subject is the citizen present (check-citizen-token.ts)
  const subject = readSubject(target.api.subjectKind, query, target.pathParams);
  if (subject) ctx.subject = { kind: subject.kind, ref: subjectRef(rt.settings.subjectSecret, subject) };
}

/** The subject named by the request, or null for an API about no one (open referentials). */
function readSubject(
  kind: 'person' | 'company' | 'none',
  query: Record<string, string | string[]>,
  pathParams: Record<string, string>,
): Subject | null {
  if (kind === 'person') return { kind, pivot: parseParticulierIdentity(query) };
  if (kind === 'company') {
    const all: Record<string, unknown> = { ...query, ...pathParams };
    const key = Object.keys(all).find((k) => /^(siren|siret)$/i.test(k));
    const v = key ? all[key] : undefined;
    if (typeof v !== 'string')
      throw new ProblemError('client.invalid_parameter', {
        detail: 'SIREN ou SIRET de l’entreprise requis.',
        errors: [{ pointer: '/siret', detail: 'paramètre obligatoire' }],
      });
    return { kind, siren: canonicalCompany(v) };
  }
  return null;
}
