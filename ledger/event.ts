/**
 * The ledger event: what the callers give (`LedgerEventInput`) and what is stored and hashed
 * (`LedgerRecord`). The record holds no personal data in clear (docs/architecture.md, invariant 4): the
 * subject only as `subject_ref`, field names never values, a digest of the body never the body.
 */
export const EVENT_TYPES = [
  'exchange.served',
  'exchange.denied',
  'exchange.failed',
  'contract.transition',
  'credential.issued',
  'consent.event',
  'audit.read',
  'citizen.report',
  'dossier.event',
  'ledger.purge',
  'catalog.settings',
  'membership.event',
  'counter.event',
] as const;
export type LedgerEventType = (typeof EVENT_TYPES)[number];
export type LedgerOutcome = 'served' | 'denied' | 'failed' | 'recorded';

/** Who acted, when it is not (only) a consumer client: an agent, a citizen, a service. */
export interface LedgerActor {
  kind: 'client' | 'agent' | 'citizen' | 'service' | 'auditor';
  id?: string;
  organisationSiret?: string;
}

/** What a caller appends. `id` is the exchange id (uuid). */
export interface LedgerEventInput {
  id: string;
  type: LedgerEventType;
  occurredAt: Date;
  actor?: LedgerActor;
  consumerSiret?: string;
  clientId?: string;
  contractId?: string;
  contractVersion?: number;
  producerSiret?: string;
  apiSlug?: string;
  endpoint?: string;
  /** JSON pointers (names) of the fields delivered — never their values. */
  fields?: string[];
  dataElements?: string[];
  subjectRef?: string;
  subjectKind?: 'person' | 'company';
  recipient?: string;
  context?: string;
  object?: string;
  legalBasis?: { nature: string; url: string | null };
  outcome: LedgerOutcome;
  problemCode?: string;
  status?: number;
  latencyMs?: number;
  /** Hex SHA-256 of the body delivered to the consumer. */
  bodySha256?: string;
  detail?: Record<string, unknown>;
}

/**
 * The stored and hashed form: every key always present (null when absent), timestamps as epoch
 * milliseconds, so the writer and the verifier build byte-identical RFC 8785 encodings.
 */
export interface LedgerRecord {
  chain_id: string;
  seq: number;
  prev_hash: string;
  id: string;
  type: LedgerEventType;
  occurred_at: number;
  recorded_at: number;
  actor: LedgerActor | null;
  consumer_siret: string | null;
  client_id: string | null;
  contract_id: string | null;
  contract_version: number | null;
  producer_siret: string | null;
  api_slug: string | null;
  endpoint: string | null;
  fields: string[] | null;
  data_elements: string[] | null;
  subject_ref: string | null;
  subject_kind: 'person' | 'company' | null;
  recipient: string | null;
  context: string | null;
  object: string | null;
  legal_basis: { nature: string; url: string | null } | null;
  outcome: LedgerOutcome;
  problem_code: string | null;
  status: number | null;
  latency_ms: number | null;
  body_sha256: string | null;
  detail: Record<string, unknown> | null;
}

/** A record with its hash, as returned once committed. */
export interface CommittedEvent extends LedgerRecord {
  hash: string;
}

/** The content of a record before the writer assigns its place in the chain. */
export type LedgerContent = Omit<LedgerRecord, 'chain_id' | 'seq' | 'prev_hash' | 'recorded_at'>;
