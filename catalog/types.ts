/** Wire types of the catalogue (camelCase; the store maps snake_case rows onto them). */

export type Lifecycle = 'draft' | 'published' | 'deprecated' | 'retired';
export type Access = 'open' | 'restricted';
export type Sensitivity = 'standard' | 'sensitive' | 'highly_sensitive';
export type SubjectKind = 'person' | 'company' | 'none';
export type ConsentPolicy = 'none' | 'legal_basis' | 'consent_required';

export interface ApiContact {
  name?: string;
  email?: string;
  url?: string;
}

/** A producer API as exposed on the wire. */
export interface Api {
  id: string;
  slug: string;
  producerSiret: string;
  title: string;
  description: string;
  /** `info.version` of the current OpenAPI document (null before the first import). */
  version: string | null;
  lifecycle: Lifecycle;
  sunsetDate: string | null;
  deprecationNotice: string | null;
  access: Access;
  sensitivity: Sensitivity;
  subjectKind: SubjectKind;
  consentPolicy: ConsentPolicy;
  /** Used to offer a benefit nobody asked for yet (CRPA L114-8 II): the person may object. */
  proactive: boolean;
  rateLimitPerMinute: number;
  contact: ApiContact | null;
  documentationUrl: string | null;
  /** Retention of the ledger's traces of its exchanges, in days; null: the platform default. */
  retention: ApiRetention | null;
  createdAt: string;
  updatedAt: string;
}

/** Kept at least `minDays`, at most `maxDays` after being recorded (CRPA L114-9). */
export interface ApiRetention {
  minDays: number;
  maxDays: number;
}

export interface EndpointParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: object;
}

/** One operation of the current OpenAPI document of an API. */
export interface Endpoint {
  id: string;
  operationId: string;
  method: string;
  pathTemplate: string;
  summary: string;
  description: string;
  tags: string[];
  deprecated: boolean;
  parameters: EndpointParameter[];
  requestBodySchema: object | null;
  responseSchema: object | null;
  security: Record<string, string[]>[];
  /** JSON pointers of every field of the response schema; `*` stands for any array item or map key. */
  fields: string[];
}

export interface Scope {
  name: string;
  label: string;
  pointers: string[];
}

export interface LegalSource {
  label: string;
  url: string | null;
}

/** An entry of the data dictionary. */
export interface DataElement {
  id: string;
  label: string;
  definition: string;
  /** `{ schema: 'quotient-familial.json' }` (a file of schemas/) or an inline JSON Schema `{ inline: {...} }`. */
  format: { schema: string; pointer?: string } | { inline: object };
  subjectKind: SubjectKind;
  sensitivity: Sensitivity;
  legalSource: LegalSource;
  updateFrequency: string;
}

/** Where a data element is delivered: API, endpoint, field. */
export interface DataElementCarrier {
  apiSlug: string;
  apiTitle: string;
  producerSiret: string;
  pointer: string;
  operationIds: string[];
}

export interface EndpointChange {
  operationId: string;
  method: string;
  pathTemplate: string;
}

/** What changed between two imported versions. */
export interface VersionDiff {
  endpointsAdded: EndpointChange[];
  endpointsRemoved: EndpointChange[];
  endpointsChanged: (EndpointChange & {
    fieldsAdded: string[];
    fieldsRemoved: string[];
    parametersChanged: boolean;
    requestBodyChanged: boolean;
  })[];
}

export interface ApiVersion {
  seq: number;
  version: string;
  openapiVersion: string;
  sourceSha256: string;
  importedAt: string;
  importedBy: string | null;
  diff: VersionDiff | null;
  warnings: { pointer: string; detail: string }[];
}
