import type pg from 'pg';

/** A pool or a client inside a transaction: everything the store needs. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Kinds of case opened by the usage-control rules, plus citizens' reports. */
export const CASE_KINDS = [
  'call_after_end',
  'recipient_outside_contract',
  'volume_above_declared',
  'delegation_volume_above_declared',
  'unusual_subject_count',
  'unused_scopes',
  'denial_burst',
  'unusual_hours',
  'citizen_report',
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export type CaseStatus = 'open' | 'investigating' | 'closed';
export type CaseSource = 'rule' | 'citizen';

/** What a rule or the citizen space hands to `openCase`. */
export interface CaseInput {
  /** One of `CASE_KINDS` for the built-in rules; any `[a-z][a-z0-9_.]*` kind is accepted. */
  kind: string;
  source: CaseSource;
  contractId?: string;
  consumerSiret?: string;
  producerSiret?: string;
  apiSlug?: string;
  /** Ids of the ledger events that support the case. */
  evidence: string[];
  summary: string;
  /** Same kind and key while the case is not closed: the evidence is added to the open case. */
  dedupKey?: string;
}

export interface CaseHistoryEntry {
  action: 'open' | 'evidence' | 'investigate' | 'close' | 'reopen';
  from: CaseStatus | null;
  to: CaseStatus;
  actor: { sub: string; name: string | null };
  note: string | null;
  added: number;
  occurredAt: string;
}

/** A case as shown to auditors (REST, GraphQL, web). */
export interface AuditCase {
  id: string;
  kind: string;
  source: CaseSource;
  status: CaseStatus;
  contractId: string | null;
  consumerSiret: string | null;
  producerSiret: string | null;
  apiSlug: string | null;
  summary: string;
  evidence: string[];
  conclusion: string | null;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** Who acts on a case (structurally the gateway's Principal). */
export interface CaseActor {
  sub: string;
  name?: string;
}

/** One ledger row as the rules read it (no hash material). */
export interface LedgerRow {
  id: string;
  chainId: string;
  seq: number;
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  consumerSiret: string | null;
  clientId: string | null;
  contractId: string | null;
  producerSiret: string | null;
  apiSlug: string | null;
  fields: string[] | null;
  subjectRef: string | null;
  recipient: string | null;
  outcome: string;
  problemCode: string | null;
  /** Free detail of the event (e.g. `citizen.report`: `{ caseId, exchangeId }`). */
  detail: Record<string, unknown> | null;
}
