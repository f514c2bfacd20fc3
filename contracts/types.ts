import type pg from 'pg';
import type { Clock } from '../schemas/index.js';

/** Status of one version (one habilitation request) in its instruction workflow. */
export type VersionStatus = 'draft' | 'submitted' | 'changes_requested' | 'validated' | 'refused' | 'superseded';
/** Status of the contract in force (`pending` until a first version is validated). */
export type ContractStatus = 'pending' | 'refused' | 'active' | 'suspended' | 'revoked' | 'expired';

export interface Contact {
  given_name?: string;
  family_name?: string;
  email?: string;
  phone?: string;
  job_title?: string;
}

/** The habilitation request's fields (schemas/habilitation-request.json), DataPass names. */
export interface HabilitationForm {
  intitule?: string;
  description?: string;
  scopes?: string[];
  cadre_juridique_nature?: string;
  cadre_juridique_url?: string;
  purpose?: string;
  recipients?: string[];
  retention_months?: number;
  retention_justification?: string;
  volume_per_minute?: number;
  production_date?: string;
  controller?: Contact;
  dpo?: Contact;
  business_contact?: Contact;
  technical_contact?: Contact;
  ip_allowlist?: string[];
}

/** What the contracts domain needs to know about an API of the catalogue. */
export interface ApiTerms {
  slug: string;
  title: string;
  producerSiret: string;
  access: 'open' | 'restricted';
  sensitivity: 'standard' | 'sensitive' | 'highly_sensitive';
  rateLimitPerMinute: number;
  /** Names of the API's scopes. */
  scopes: string[];
  /** operationIds of the API's endpoints. */
  endpoints: string[];
}

/** Port to the catalogue (wired by the gateway to `catalog/index.ts`; in-memory in unit tests). */
export type ApiLookup = (apiSlug: string) => Promise<ApiTerms | null>;

/** Who acts: structurally the gateway's `Principal` (contracts does not import the gateway). */
export interface Actor {
  sub: string;
  name?: string;
  memberships: { siret: string; roles: readonly string[] }[];
  platformRoles: readonly string[];
}

/** The frozen, signed terms of a validated version (the payload of the artefact). */
export interface GrantedTerms {
  contract_id: string;
  version: number;
  consumer_siret: string;
  producer_siret: string;
  api: string;
  endpoints: string[];
  scopes: string[];
  requested_scopes: string[];
  purpose: string;
  legal_basis: { nature: string; url: string | null };
  recipients: string[];
  rate_limit_per_minute: number;
  ip_allowlist: string[];
  retention_months: number;
  valid_from: string;
  valid_until: string | null;
  approved_by: string[];
}

/** One kept transition (contract_events row), also handed to `onTransition` (ledger port). */
export interface ContractEvent {
  id: string;
  contractId: string;
  version: number;
  action: string;
  from: string | null;
  to: string;
  actor: { sub: string; name: string | null; siret: string | null; role: string | null };
  reason: string | null;
  diff: FieldDiff[] | null;
  occurredAt: string;
  consumerSiret: string;
  producerSiret: string;
  apiSlug: string;
}

/** One changed field between two states of a form or between asked and granted terms. */
export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
}

/** Everything the domain functions need (built once by the gateway, docs/architecture.md, "Composition"). */
export interface ContractsContext {
  pool: pg.Pool;
  clock: Clock;
  lookupApi: ApiLookup;
  /** Signs artefacts (see `createSigningKeys`). */
  signArtefact(terms: GrantedTerms): Promise<string>;
  /** Port to the ledger: called after each committed transition or credential issuance. */
  onTransition?: (event: ContractEvent) => Promise<void> | void;
  /** Port to the ledger for an editor's credentials (issued, rotated, revoked), after commit. */
  onEditorCredential?: (event: EditorCredentialEvent) => Promise<void> | void;
}

/** A change of an editor's OAuth client (docs/architecture.md, "Delegations"). */
export interface EditorCredentialEvent {
  id: string;
  action: 'credential_issued' | 'secret_rotated' | 'credential_revoked';
  editorSiret: string;
  clientId: string;
  actor: { sub: string; siret: string | null; role: string | null };
  occurredAt: string;
}
