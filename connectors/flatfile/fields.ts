import type { FixedField } from '../config/types.js';

/** A field that does not read as its declared type (the line is rejected). */
export class FieldError extends Error {}

/**
 * COBOL zoned decimal (PIC S9(n) DISPLAY): digits, the sign possibly overpunched on the last
 * one ('{' 'A'..'I' positive 0..9, '}' 'J'..'R' negative 0..9), `scale` implied decimals.
 */
export function readZoned(raw: string, scale = 0): number {
  const s = raw.trim();
  if (s === '') throw new FieldError('zone numérique vide');
  let digits = s;
  let sign = 1;
  const last = s[s.length - 1]!;
  const pos = '{ABCDEFGHI'.indexOf(last);
  const neg = '}JKLMNOPQR'.indexOf(last);
  if (pos >= 0) digits = s.slice(0, -1) + String(pos);
  else if (neg >= 0) {
    digits = s.slice(0, -1) + String(neg);
    sign = -1;
  }
  if (!/^\d+$/.test(digits)) throw new FieldError(`zone numérique invalide « ${raw} »`);
  return (sign * Number(digits)) / 10 ** scale;
}

/** A packed date (8 digits, AAAAMMJJ or JJMMAAAA) as ISO `YYYY-MM-DD`; zeros or blanks: null. */
export function readPackedDate(raw: string, pattern: 'AAAAMMJJ' | 'JJMMAAAA' = 'AAAAMMJJ'): string | null {
  if (/^[0 ]*$/.test(raw)) return null;
  if (!/^\d{8}$/.test(raw)) throw new FieldError(`date invalide « ${raw} »`);
  const [y, m, d] =
    pattern === 'AAAAMMJJ' ? [raw.slice(0, 4), raw.slice(4, 6), raw.slice(6)] : [raw.slice(4), raw.slice(2, 4), raw.slice(0, 2)];
  const iso = `${y}-${m}-${d}`;
  const t = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso) throw new FieldError(`date impossible « ${raw} »`);
  return iso;
}

/** Reads one field of a fixed-width record. Alphanumerics lose their right padding. */
export function readField(line: string, f: FixedField): string | number | null {
  const raw = line.slice(f.offset, f.offset + f.length);
  if (f.type === 'zoned') return readZoned(raw, f.scale ?? 0);
  if (f.type === 'packed_date') return readPackedDate(raw, f.pattern);
  return raw.trimEnd();
}
