import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ProblemError, type ProblemCode, type ProblemItem } from './problems.js';
import { isValidSiren, isValidSiret } from './siret.js';
import { loadSchema } from './load.js';

/**
 * The shared ajv instance (JSON Schema 2020-12) with formats and Datapedia's own formats
 * (`siret`, `siren`). Every schema of this folder is registered by its `$id`.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false });
  addFormats.default(ajv);
  ajv.addFormat('siret', { type: 'string', validate: isValidSiret });
  ajv.addFormat('siren', { type: 'string', validate: isValidSiren });
  return ajv;
}

let shared: Ajv2020 | undefined;
/** One process-wide ajv instance (compiling is costly; compiled validators are cached by ajv). */
export function sharedAjv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

/** ajv errors as RFC 9457 problem items, each with the JSON pointer of the offending value. */
export function toProblemItems(errors: ErrorObject[] | null | undefined): ProblemItem[] {
  return (errors ?? []).map((e) => {
    let pointer = e.instancePath || '';
    if (e.keyword === 'additionalProperties') pointer += `/${String(e.params.additionalProperty)}`;
    if (e.keyword === 'required') pointer += `/${String(e.params.missingProperty)}`;
    const detail = e.keyword === 'additionalProperties' ? 'champ inconnu' : e.message ?? 'invalide';
    return { pointer: pointer || '/', detail };
  });
}

export type Validator<T> = ((value: unknown) => value is T) & { assert(value: unknown, code?: ProblemCode): T };

/** Compiles a schema (a file name of this folder, or an object) into a type guard with `assert`. */
export function compileValidator<T>(schema: string | object): Validator<T> {
  const ajv = sharedAjv();
  const obj = typeof schema === 'string' ? loadSchema(schema) : schema;
  const id = (obj as { $id?: string }).$id;
  const validate: ValidateFunction = (id && ajv.getSchema(id)) || ajv.compile(obj);
  const guard = ((value: unknown) => validate(value)) as Validator<T>;
  guard.assert = (value: unknown, code: ProblemCode = 'client.validation_failed'): T => {
    if (validate(value)) return value as T;
    const errors = toProblemItems(validate.errors);
    throw new ProblemError(code, { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
  };
  return guard;
}
