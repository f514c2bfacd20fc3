/**
 * A validator of a CSV against a Table Schema (Frictionless Data, the subset the open data
 * uses: string, integer, number, boolean and yearmonth fields; required, enum, pattern,
 * minimum, maximum; missingValues; primaryKey). Returns one message per violation.
 */
import { parse } from 'csv-parse/sync';

export interface TableSchemaField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'yearmonth';
  trueValues?: string[];
  falseValues?: string[];
  constraints?: { required?: boolean; enum?: string[]; pattern?: string; minimum?: number; maximum?: number };
}

export interface TableSchema {
  fields: TableSchemaField[];
  missingValues?: string[];
  primaryKey?: string[];
}

function cast(f: TableSchemaField, v: string): { ok: boolean; value?: number | string | boolean } {
  switch (f.type) {
    case 'integer':
      return /^-?\d+$/.test(v) ? { ok: true, value: Number(v) } : { ok: false };
    case 'number':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v) ? { ok: true, value: Number(v) } : { ok: false };
    case 'boolean':
      if ((f.trueValues ?? ['true']).includes(v)) return { ok: true, value: true };
      if ((f.falseValues ?? ['false']).includes(v)) return { ok: true, value: false };
      return { ok: false };
    case 'yearmonth':
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? { ok: true, value: v } : { ok: false };
    default:
      return { ok: true, value: v };
  }
}

export function validateTableCsv(csv: string, schema: TableSchema): string[] {
  const errors: string[] = [];
  const records = parse(csv, { relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  const names = schema.fields.map((f) => f.name);
  if (JSON.stringify(header) !== JSON.stringify(names)) errors.push(`header ${JSON.stringify(header)} is not ${JSON.stringify(names)}`);
  const missing = new Set(schema.missingValues ?? ['']);
  const keys = new Set<string>();
  rows.forEach((row, i) => {
    const line = i + 2;
    if (row.length !== names.length) errors.push(`line ${line}: ${row.length} cells, ${names.length} expected`);
    schema.fields.forEach((f, j) => {
      const raw = row[j] ?? '';
      const c = f.constraints ?? {};
      if (missing.has(raw)) {
        if (c.required) errors.push(`line ${line}, ${f.name}: required`);
        return;
      }
      const { ok, value } = cast(f, raw);
      if (!ok) return errors.push(`line ${line}, ${f.name}: «${raw}» is not a ${f.type}`);
      if (c.enum && !c.enum.includes(raw)) errors.push(`line ${line}, ${f.name}: «${raw}» not in ${c.enum.join('|')}`);
      if (c.pattern && !new RegExp(`^(?:${c.pattern})$`).test(raw))
        errors.push(`line ${line}, ${f.name}: «${raw}» does not match ${c.pattern}`);
      if (typeof value === 'number' && c.minimum !== undefined && value < c.minimum)
        errors.push(`line ${line}, ${f.name}: below ${c.minimum}`);
      if (typeof value === 'number' && c.maximum !== undefined && value > c.maximum)
        errors.push(`line ${line}, ${f.name}: above ${c.maximum}`);
    });
    if (schema.primaryKey) {
      const key = schema.primaryKey.map((k) => row[names.indexOf(k)] ?? '').join('\u0000');
      if (keys.has(key)) errors.push(`line ${line}: duplicate primary key`);
      keys.add(key);
    }
  });
  return errors;
}
