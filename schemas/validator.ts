import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
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

/** ajv-i18n ships CommonJS only: its French localiser rewrites `message` in place. */
const localizeFr = createRequire(import.meta.url)('ajv-i18n/localize/fr') as (errors?: ErrorObject[] | null) => void;

const TYPE_FR: Record<string, string> = {
  string: 'un texte',
  integer: 'un nombre entier',
  number: 'un nombre',
  boolean: 'vrai ou faux',
  array: 'une liste',
  object: 'un objet',
  null: 'vide',
};
const FORMAT_FR: Record<string, string> = {
  email: 'adresse électronique invalide',
  uri: 'adresse web invalide (https://…)',
  url: 'adresse web invalide (https://…)',
  date: 'date invalide (AAAA-MM-JJ)',
  'date-time': 'date et heure invalides',
  time: 'heure invalide',
  siret: 'SIRET invalide (14 chiffres et une clé de contrôle juste)',
  siren: 'SIREN invalide (9 chiffres et une clé de contrôle juste)',
  uuid: 'identifiant invalide',
  ipv4: 'adresse IPv4 invalide',
  ipv6: 'adresse IPv6 invalide',
};

/**
 * One ajv error in French, worded for the person who filled the field it is attached to
 * (« champ obligatoire », « adresse électronique invalide »); other keywords take ajv-i18n's
 * French message.
 */
export function frenchMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'champ obligatoire';
    case 'additionalProperties':
      return 'champ inconnu';
    case 'type':
      return `doit être ${String(p.type)
        .split(',')
        .map((t) => TYPE_FR[t] ?? t)
        .join(' ou ')}`;
    case 'format':
      if (FORMAT_FR[String(p.format)]) return FORMAT_FR[String(p.format)]!;
      break;
    case 'minLength':
      if (p.limit === 1) return 'ne doit pas être vide';
      break;
    case 'pattern':
      return 'format invalide';
    case 'enum':
    case 'const':
      return 'valeur non autorisée';
    default:
      break;
  }
  const copy = [{ ...e }];
  localizeFr(copy);
  return copy[0]!.message ?? 'valeur invalide';
}

/** ajv errors as RFC 9457 problem items, each with the JSON pointer of the offending value and a French message. */
export function toProblemItems(errors: ErrorObject[] | null | undefined): ProblemItem[] {
  const items: ProblemItem[] = [];
  for (const e of errors ?? []) {
    // Combinators repeat what their branches already said.
    if (e.keyword === 'if' || e.keyword === 'allOf' || e.keyword === '$ref') continue;
    let pointer = e.instancePath || '';
    if (e.keyword === 'additionalProperties') pointer += `/${String(e.params.additionalProperty)}`;
    if (e.keyword === 'required') pointer += `/${String(e.params.missingProperty)}`;
    const item = { pointer: pointer || '/', detail: frenchMessage(e) };
    if (!items.some((i) => i.pointer === item.pointer && i.detail === item.detail)) items.push(item);
  }
  return items;
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
    throw new ProblemError(code, { detail: errors.map((e) => `${e.pointer} : ${e.detail}`).join(' ; '), errors });
  };
  return guard;
}
