import { canonicalJson } from './jcs.js';
import { CANONICAL_PARTS } from './store/events.js';

/**
 * The verifier's fast path: the RFC 8785 encoding of a stored record assembled from the parts
 * the verifier query returns (`CANONICAL_PARTS`): text segments already encoded by PostgreSQL,
 * jsonb values canonicalised here (RFC 8785 §3.2.3 key order).
 */
const JSON_PART = CANONICAL_PARTS.map((p) => p.json);

export interface RawRecord {
  seq: number;
  prevHash: string;
  hash: string;
  /** RFC 8785 encoding of the record as stored. */
  encoded: string;
}

export function encodeRawRow(row: (string | null)[]): RawRecord {
  let out = '';
  for (let i = 0; i < JSON_PART.length; i++) {
    const v = row[i + 3];
    out += v === null || v === undefined ? 'null' : JSON_PART[i] ? canonicalJson(JSON.parse(v)) : v;
  }
  return { seq: Number(row[0]), prevHash: row[1] as string, hash: row[2] as string, encoded: out };
}
