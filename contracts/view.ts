import type { ContractRow } from './store/contracts.js';
import type { VersionRow } from './store/versions.js';
import type { EventRow } from './store/events.js';
import type { ContractEvent, ContractStatus, FieldDiff, GrantedTerms, HabilitationForm, VersionStatus } from './types.js';

export interface ContractVersionView {
  version: number;
  status: VersionStatus;
  form: HabilitationForm;
  /** Highly sensitive APIs: approved by an instructor, waiting for the producer's DPO. */
  awaitingSecondApproval: boolean;
  firstApproval: { sub: string; name: string | null; at: string; scopes: string[] } | null;
  granted: GrantedTerms | null;
  validFrom: string | null;
  validUntil: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A contract as exposed on the wire (REST, GraphQL, web). */
export interface ContractView {
  id: string;
  consumerSiret: string;
  producerSiret: string;
  apiSlug: string;
  status: ContractStatus;
  /** Version in force (null until a first validation). */
  currentVersion: number | null;
  /** Version under instruction (draft, submitted or changes requested), if any. */
  openVersion: number | null;
  versions: ContractVersionView[];
  createdAt: string;
  updatedAt: string;
}

const OPEN: readonly string[] = ['draft', 'submitted', 'changes_requested'];

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function toVersionView(v: VersionRow): ContractVersionView {
  return {
    version: v.version,
    status: v.status as VersionStatus,
    form: v.form as HabilitationForm,
    awaitingSecondApproval: v.status === 'submitted' && v.first_approval !== null,
    firstApproval: v.first_approval
      ? { sub: v.first_approval.sub, name: v.first_approval.name, at: v.first_approval.at, scopes: v.first_approval.scopes }
      : null,
    granted: v.granted as GrantedTerms | null,
    validFrom: iso(v.valid_from),
    validUntil: iso(v.valid_until),
    submittedAt: iso(v.submitted_at),
    decidedAt: iso(v.decided_at),
    createdAt: v.created_at.toISOString(),
    updatedAt: v.updated_at.toISOString(),
  };
}

export function toContractView(c: ContractRow, versions: VersionRow[]): ContractView {
  return {
    id: c.id,
    consumerSiret: c.consumer_siret,
    producerSiret: c.producer_siret,
    apiSlug: c.api_slug,
    status: c.status as ContractStatus,
    currentVersion: c.current_version,
    openVersion: versions.find((v) => OPEN.includes(v.status))?.version ?? null,
    versions: versions.map(toVersionView),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

export function toEventView(e: EventRow, c: ContractRow): ContractEvent {
  return {
    id: String(e.id),
    contractId: e.contract_id,
    version: e.version,
    action: e.action,
    from: e.from_status,
    to: e.to_status,
    actor: { sub: e.actor_sub, name: e.actor_name, siret: e.actor_siret, role: e.actor_role },
    reason: e.reason,
    diff: e.diff as FieldDiff[] | null,
    occurredAt: e.occurred_at.toISOString(),
    consumerSiret: c.consumer_siret,
    producerSiret: c.producer_siret,
    apiSlug: c.api_slug,
  };
}
