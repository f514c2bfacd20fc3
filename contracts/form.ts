import { compileValidator, ProblemError } from '../schemas/index.js';
import type { ApiTerms, FieldDiff, HabilitationForm } from './types.js';

const validateDraft = compileValidator<HabilitationForm>('habilitation-request.json');
// Compiled after the draft schema, which it references by $id.
const validateSubmission = compileValidator<HabilitationForm>('habilitation-submission.json');

/** A draft may be incomplete but never malformed (unknown fields, bad types are refused). */
export function assertDraftForm(form: unknown): HabilitationForm {
  return validateDraft.assert(form ?? {});
}

/** A submission must be complete (schemas/habilitation-submission.json) and ask only the API's scopes. */
export function assertSubmittable(form: HabilitationForm, api: ApiTerms): HabilitationForm {
  validateSubmission.assert(form);
  assertKnownScopes(form.scopes ?? [], api, '/scopes');
  return form;
}

/** Every scope must be one of the API's (catalogue), `client.invalid_scope` otherwise. */
export function assertKnownScopes(scopes: string[], api: ApiTerms, pointer: string): void {
  const unknown = scopes.filter((s) => !api.scopes.includes(s));
  if (unknown.length) {
    throw new ProblemError('client.invalid_scope', {
      detail: `Périmètre(s) inconnu(s) pour l’API ${api.slug} : ${unknown.join(', ')}.`,
      errors: unknown.map((s) => ({ pointer, detail: `périmètre inconnu : ${s}` })),
    });
  }
}

/** Merges a partial update into a draft form; `null` removes a field. */
export function mergeForm(form: HabilitationForm, patch: Record<string, unknown>): HabilitationForm {
  const out: Record<string, unknown> = { ...form };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as HabilitationForm;
}

/** Top-level fields that differ between two documents (JSON equality), sorted by name. */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldDiff[] {
  const b = before ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ field: k, before: b[k] ?? null, after: after[k] ?? null }));
}
