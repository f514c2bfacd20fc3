import type { Mapping } from '../mapping/types.js';

/** Settings every connector kind shares (schemas/connector.json). */
interface CommonConfig {
  /** Named mappings, referenced by operations. */
  mappings?: Record<string, Mapping>;
}

/** Fields every operation shares: which mapping turns the legacy answer into the document. */
interface OperationBase {
  mapping?: string;
}

export interface RestOperation extends OperationBase {
  method: 'GET' | 'POST';
  /** Path on the upstream, with `{param|filter}` placeholders. */
  path: string;
  query?: Record<string, string>;
  /** Statuses meaning "no data for this subject" (default [404]). */
  notFoundStatuses?: number[];
}

export interface RestConfig extends CommonConfig {
  kind: 'rest';
  baseUrl: string;
  auth?: { type: 'none' } | { type: 'oauth2_client_credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** Mutual TLS (PEM files): our client certificate and the CA that signs the producer's. */
  tls?: { certFile: string; keyFile: string; caFile: string; serverName?: string };
  /** Header carrying the final recipient's SIRET (default `X-Recipient`). */
  recipientHeader?: string;
  connections?: number;
  healthPath?: string;
  operations: Record<string, RestOperation>;
}

export interface SqlOperation extends OperationBase {
  /** A parameterised SELECT ($1, $2...). */
  query: string;
  params: string[];
}

export interface SqlConfig extends CommonConfig {
  kind: 'sql';
  /** Absent: the pool given at build time (Datapedia's own database). */
  connectionString?: string;
  /** Role the query runs as (SET LOCAL ROLE): it should hold SELECT rights only. */
  role: string;
  statementTimeoutMs?: number;
  operations: Record<string, SqlOperation>;
}

export type FieldType = 'alphanumeric' | 'zoned' | 'packed_date';

export interface FixedField {
  name: string;
  offset: number;
  length: number;
  type: FieldType;
  /** Zoned numbers: implied decimal places. */
  scale?: number;
  /** Packed dates: digit order (default AAAAMMJJ). */
  pattern?: 'AAAAMMJJ' | 'JJMMAAAA';
}

export interface FlatFileOperation extends OperationBase {
  /** Templates producing the key, one per key field, in the same order. */
  key: string[];
}

export interface FlatFileConfig extends CommonConfig {
  kind: 'flatfile';
  /** Path of the extract (relative to the base folder given at build time). */
  file: string;
  format: 'fixed' | 'csv';
  encoding: 'latin1' | 'utf8';
  fixed?: {
    recordLength: number;
    /** Record type at [0, typeLength): detail and trailer codes. */
    typeLength: number;
    detailType: string;
    trailerType: string;
    /** Where the trailer holds the number of detail records. */
    trailerCount: { offset: number; length: number };
    fields: FixedField[];
  };
  csv?: { delimiter: string; columns: string[]; header: boolean };
  /** Record fields forming the lookup key (canonicalised, joined). */
  key: string[];
  /** Watch the file and reload on change (default true). */
  watch?: boolean;
  operations: Record<string, FlatFileOperation>;
}

export interface SoapOperation extends OperationBase {
  method: string;
  args: Record<string, string>;
  /** JSON pointer of the document inside the SOAP result. */
  result?: string;
}

export interface SoapConfig extends CommonConfig {
  kind: 'soap';
  /** WSDL file (relative to the base folder) or URL. */
  wsdl: string;
  /** Service address, overriding the WSDL's. */
  endpoint?: string;
  faults?: {
    faultcode: string;
    code: 'provider.not_found' | 'provider.unavailable' | 'provider.invalid_response' | 'provider.rate_limited';
  }[];
  operations: Record<string, SoapOperation>;
}

export type ConnectorConfig = RestConfig | SqlConfig | FlatFileConfig | SoapConfig;
