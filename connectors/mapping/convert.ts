import type { Conversion } from './types.js';

/** A value the conversion could not read (the upstream sent something else than agreed). */
export class ConversionError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoDate(y: string, m: string, d: string): string {
  const iso = `${y}-${m}-${d}`;
  const t = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso) throw new ConversionError(`date impossible ${iso}`);
  return iso;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ConversionError(`texte attendu, reçu ${typeof value}`);
}

/**
 * Legacy value -> published value. `date_aaaammjj` reads the mainframe's packed date
 * (`19980312` -> `1998-03-12`), `date_jjmmaaaa` its day-first variant, `boolean` the usual
 * legacy spellings (O/N, 1/0, true/false), `split_words` a space-separated list.
 */
export function convertValue(value: unknown, conversion: Conversion): unknown {
  switch (conversion) {
    case 'string':
      return text(value);
    case 'trim':
      return text(value).trim();
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(text(value).trim());
      if (!Number.isSafeInteger(n)) throw new ConversionError('entier attendu');
      return n;
    }
    case 'decimal': {
      const n = typeof value === 'number' ? value : Number(text(value).trim().replace(',', '.'));
      if (!Number.isFinite(n)) throw new ConversionError('nombre attendu');
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = text(value).trim().toLowerCase();
      if (['o', 'oui', '1', 'true', 'y'].includes(s)) return true;
      if (['n', 'non', '0', 'false'].includes(s)) return false;
      throw new ConversionError('booléen attendu');
    }
    case 'date_aaaammjj': {
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text(value).trim());
      if (!m) throw new ConversionError('date AAAAMMJJ attendue');
      return isoDate(m[1]!, m[2]!, m[3]!);
    }
    case 'date_jjmmaaaa': {
      const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text(value).trim());
      if (!m) throw new ConversionError('date JJMMAAAA attendue');
      return isoDate(m[3]!, m[2]!, m[1]!);
    }
    case 'date_iso': {
      const m = DATE.exec(text(value).trim());
      if (!m) throw new ConversionError('date AAAA-MM-JJ attendue');
      return isoDate(m[1]!, m[2]!, m[3]!);
    }
    case 'split_words':
      return text(value).trim().split(/\s+/).filter(Boolean);
  }
}
