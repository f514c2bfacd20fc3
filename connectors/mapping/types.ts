/** Type conversions a mapping rule may apply to a legacy value (schemas/connector-mapping.json). */
export type Conversion =
  'string' | 'trim' | 'integer' | 'decimal' | 'boolean' | 'date_aaaammjj' | 'date_jjmmaaaa' | 'date_iso' | 'split_words';

/** One rule: where the value comes from, how it is converted, where it lands. */
export interface MappingRule {
  /** JSON pointer (RFC 6901) in the produced document. */
  to: string;
  /** JSON pointer in the legacy record (a row, a fixed-width record, a SOAP or REST answer). */
  from?: string;
  /** A constant instead of `from`. */
  const?: string | number | boolean | null;
  convert?: Conversion;
  /** Name of a code table of the mapping: legacy code -> published value. */
  codeTable?: string;
  /** What an absent / null / blank value gives: an error (default), null, or no member. */
  missing?: 'error' | 'null' | 'omit';
  /** The source is a list: each element is mapped by these rules into an array. */
  items?: MappingRule[];
}

export interface Mapping {
  fields: MappingRule[];
  codeTables?: Record<string, Record<string, string | number | boolean | null>>;
}
