import { ProblemError, parsePointer, readAt, writeAt } from '../../schemas/index.js';
import { convertValue, ConversionError } from './convert.js';
import type { Mapping, MappingRule } from './types.js';

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function invalid(rule: MappingRule, reason: string): ProblemError {
  return new ProblemError('provider.invalid_response', { cause: new Error(`mapping ${rule.from ?? 'const'} -> ${rule.to}: ${reason}`) });
}

function ruleValue(rule: MappingRule, source: unknown, tables: Mapping['codeTables']): { value?: unknown; skip?: boolean } {
  let value = rule.from !== undefined ? readAt(source, parsePointer(rule.from)) : rule.const;
  if (isMissing(value) && rule.from !== undefined) {
    if (rule.missing === 'null') return { value: null };
    if (rule.missing === 'omit') return { skip: true };
    throw invalid(rule, 'valeur absente');
  }
  if (rule.items) {
    if (!Array.isArray(value)) throw invalid(rule, 'liste attendue');
    return { value: value.map((element) => mapDocument({ fields: rule.items!, codeTables: tables }, element)) };
  }
  try {
    if (rule.convert) value = convertValue(value, rule.convert);
  } catch (err) {
    if (err instanceof ConversionError) throw invalid(rule, err.message);
    throw err;
  }
  if (rule.codeTable) {
    const table = tables?.[rule.codeTable] ?? {};
    const key = String(value).trim();
    if (!Object.prototype.hasOwnProperty.call(table, key)) throw invalid(rule, `code « ${key} » absent de la table ${rule.codeTable}`);
    value = table[key];
  }
  return { value };
}

/**
 * Applies a declarative mapping (checked at load) to a legacy record: each rule reads a value,
 * converts it, translates it through a code table and writes it at its pointer. Anything the
 * upstream sent that the mapping cannot read is `provider.invalid_response`; fields the mapping
 * does not name are dropped (allowlist).
 */
export function mapDocument(mapping: Mapping, source: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of mapping.fields) {
    const { value, skip } = ruleValue(rule, source, mapping.codeTables);
    if (!skip) writeAt(out, parsePointer(rule.to), value);
  }
  return out;
}
