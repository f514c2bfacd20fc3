/**
 * A procedure's form, validated against the JSON Schema the operator declared, with French
 * messages (ajv-i18n) and the JSON pointer of each offending value (RFC 9457 `errors`).
 * One compiled validator per procedure, cached by the schema's own text.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, ProblemError, toProblemItems } from '../schemas/index.js';

/** Forms are small documents; files travel as attachments. */
export const MAX_FORM_BYTES = 256 * 1024;

/** ajv-i18n ships CommonJS only: its French localiser rewrites `message` in place. */
const localizeFr = createRequire(import.meta.url)('ajv-i18n/localize/fr') as (errors?: ErrorObject[] | null) => void;
const ajv = createAjv();
const cache = new Map<string, { text: string; validate: ValidateFunction }>();

/** Compiles (once) a procedure's form schema; an invalid schema → `client.validation_failed`. */
export function compileForm(code: string, schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema);
  const hit = cache.get(code);
  if (hit && hit.text === text) return hit.validate;
  let validate: ValidateFunction;
  try {
    const { $id: _ignored, ...rest } = schema;
    validate = ajv.compile(rest);
  } catch (err) {
    throw new ProblemError('client.validation_failed', {
      detail: 'Schéma de formulaire invalide.',
      errors: [{ pointer: '/formSchema', detail: (err as Error).message.slice(0, 300) }],
      cause: err,
    });
  }
  cache.set(code, { text, validate });
  return validate;
}

/** Validates a form; every violation is listed in French. */
export function validateForm(code: string, schema: Record<string, unknown>, form: unknown): Record<string, unknown> {
  if (typeof form !== 'object' || form === null || Array.isArray(form)) {
    throw new ProblemError('client.validation_failed', {
      detail: 'Le formulaire doit être un objet JSON.',
      errors: [{ pointer: '/form', detail: 'doit être un objet' }],
    });
  }
  if (Buffer.byteLength(JSON.stringify(form)) > MAX_FORM_BYTES) {
    throw new ProblemError('client.payload_too_large', { detail: `Formulaire de plus de ${MAX_FORM_BYTES} octets.` });
  }
  const validate = compileForm(code, schema);
  if (validate(form)) return form as Record<string, unknown>;
  const errors = validate.errors ?? [];
  localizeFr(errors);
  const items = toProblemItems(errors).map((e) => ({ pointer: `/form${e.pointer === '/' ? '' : e.pointer}`, detail: e.detail }));
  throw new ProblemError('client.validation_failed', { detail: items.map((e) => `${e.pointer} : ${e.detail}`).join(' ; '), errors: items });
}
