import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse';
import type { FlatFileConfig } from '../config/types.js';
import { FieldError, readField, readZoned } from './fields.js';

export type FlatRecord = Record<string, string | number | null>;

/** A line that was not loaded, with its 1-based line number. */
export interface RejectedLine {
  line: number;
  reason: string;
}

export interface ParsedExtract {
  records: { line: number; record: FlatRecord }[];
  rejected: RejectedLine[];
}

/** The whole extract is unusable (incomplete, truncated, wrong header): the previous index stays. */
export class ExtractRefused extends Error {}

function decode(buf: Buffer, encoding: 'latin1' | 'utf8'): string {
  const text = buf.toString(encoding);
  return text;
}

/**
 * Fixed-width extract. Completeness rule: the last record must be the trailer and its count
 * must equal the number of detail lines read (loaded or rejected) — a file cut while being
 * written has no trailer or a wrong count, and is refused whole. A detail line of the wrong
 * length, type or field content is rejected alone, with its line number.
 */
export function parseFixed(buf: Buffer, config: FlatFileConfig): ParsedExtract {
  const layout = config.fixed!;
  const lines = decode(buf, config.encoding)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const trailer = lines.pop();
  if (trailer === undefined || trailer.slice(0, layout.typeLength) !== layout.trailerType)
    throw new ExtractRefused('enregistrement de fin (trailer) absent : fichier incomplet');
  let expected: number;
  try {
    expected = readZoned(trailer.slice(layout.trailerCount.offset, layout.trailerCount.offset + layout.trailerCount.length));
  } catch {
    throw new ExtractRefused('compteur du trailer illisible');
  }
  if (expected !== lines.length)
    throw new ExtractRefused(`le trailer annonce ${expected} enregistrements, ${lines.length} lus : fichier incomplet`);
  const out: ParsedExtract = { records: [], rejected: [] };
  lines.forEach((text, i) => {
    const line = i + 1;
    if (config.encoding === 'utf8' && text.includes('\uFFFD')) return out.rejected.push({ line, reason: 'octets invalides en UTF-8' });
    if (text.length !== layout.recordLength)
      return out.rejected.push({ line, reason: `longueur ${text.length} au lieu de ${layout.recordLength}` });
    if (text.slice(0, layout.typeLength) !== layout.detailType)
      return out.rejected.push({ line, reason: `type d’enregistrement « ${text.slice(0, layout.typeLength)} » inattendu` });
    try {
      const record: FlatRecord = {};
      for (const f of layout.fields) record[f.name] = readField(text, f);
      out.records.push({ line, record });
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      out.rejected.push({ line, reason: err.message });
    }
  });
  return out;
}

/**
 * CSV extract (`csv-parse`). Completeness rule: the file must end with a line break (a file
 * cut mid-write ends mid-record) and, with a header, start with the declared columns. Records
 * with the wrong number of columns or broken quoting are rejected alone, with their line.
 */
export function parseCsv(buf: Buffer, config: FlatFileConfig): ParsedExtract {
  const csv = config.csv!;
  const text = decode(buf, config.encoding);
  if (text.length > 0 && !text.endsWith('\n'))
    throw new ExtractRefused('le fichier ne se termine pas par un saut de ligne : fichier incomplet');
  if (csv.header) {
    const header = text
      .slice(0, text.indexOf('\n'))
      .replace(/\r$/, '')
      .split(csv.delimiter)
      .map((h) => h.trim());
    if (header.join('\u0000') !== csv.columns.join('\u0000')) throw new ExtractRefused('en-tête différent des colonnes déclarées');
  }
  const out: ParsedExtract = { records: [], rejected: [] };
  const rows = parse(text, {
    delimiter: csv.delimiter,
    columns: csv.columns,
    from_line: csv.header ? 2 : 1,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    bom: true,
    on_skip: (err: CsvError | undefined) => {
      out.rejected.push({ line: (err as { lines?: number } | undefined)?.lines ?? 0, reason: err?.code ?? 'enregistrement illisible' });
      return undefined;
    },
  }) as { record: Record<string, string>; info: { lines: number } }[];
  for (const r of rows) out.records.push({ line: r.info.lines, record: r.record });
  return out;
}
