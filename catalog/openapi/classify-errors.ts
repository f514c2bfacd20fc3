import type { ProblemItem } from '../../schemas/index.js';

/** The part of an ajv error the OpenAPI schema validator reports. */
export interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** True when the pointer designates a place inside a Schema Object (OpenAPI §4.8.24). */
function insideSchema(pointer: string): boolean {
  return /\/(schema|schemas)(\/|$)/.test(pointer) && !/^\/components\/securitySchemes\//.test(pointer);
}

/** Errors that only restate a deeper failure through `oneOf` (Schema | Reference). */
function isBubble(e: AjvLikeError): boolean {
  return e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'required' && e.params?.missingProperty === '$ref');
}

function describe(e: AjvLikeError): string {
  if (e.keyword === 'additionalProperties') return `membre inconnu « ${String(e.params?.additionalProperty)} »`;
  if (e.keyword === 'required') return `membre obligatoire absent « ${String(e.params?.missingProperty)} »`;
  if (e.keyword === 'enum') return `valeur non autorisée (${((e.params?.allowedValues as unknown[]) ?? []).join(', ')})`;
  return e.message ?? 'invalide';
}

/**
 * Splits the official schema's complaints in two. Deviations *inside JSON Schemas* (a
 * non-standard `type: date`, an unknown keyword) are tolerated: the operation, its parameters
 * and its fields are still fully described, and real producers' documents (API Entreprise)
 * carry such deviations. Everything else (paths, operations, responses, parameters, info)
 * refuses the document. Pure `oneOf` restatements are dropped when a deeper error explains them.
 */
export function classifySchemaErrors(errors: AjvLikeError[]): { fatal: ProblemItem[]; tolerated: ProblemItem[] } {
  const leaves = errors.filter((e) => !isBubble(e));
  const fatal: ProblemItem[] = [];
  const tolerated: ProblemItem[] = [];
  const seen = new Set<string>();
  for (const e of leaves) {
    const item = { pointer: e.instancePath, detail: describe(e) };
    const key = `${item.pointer}\u0000${item.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (insideSchema(e.instancePath) ? tolerated : fatal).push(item);
  }
  // A bubble with no deeper error below it is a real error of its own.
  for (const b of errors.filter(isBubble)) {
    const explained = leaves.some((l) => l.instancePath.startsWith(b.instancePath));
    if (!explained && !insideSchema(b.instancePath)) fatal.push({ pointer: b.instancePath, detail: describe(b) });
  }
  return { fatal, tolerated };
}
