/** Types of the flows domain: procedures, subscriptions, dossiers, statuses, and its ports. */
import type pg from 'pg';
import type { Clock, KeySealer, Subject } from '../schemas/index.js';
import type { LedgerEventInput } from '../ledger/index.js';
import type { BlobStore } from './blob-store.js';

export type RoutingLevel = 'commune' | 'departement' | 'region' | 'national';
export const ROUTING_LEVELS: readonly RoutingLevel[] = ['commune', 'departement', 'region', 'national'];

export type DossierStatus = 'received' | 'in_progress' | 'info_requested' | 'accepted' | 'rejected' | 'closed';
export const DOSSIER_STATUSES: readonly DossierStatus[] = ['received', 'in_progress', 'info_requested', 'accepted', 'rejected', 'closed'];

/** One allowed attachment type: a media type as sniffed from the content, and its size limit. */
export interface AttachmentRule {
  mediaType: string;
  maxBytes: number;
}

export interface AttachmentRules {
  allowed: AttachmentRule[];
  maxCount: number;
  /** Archives (`application/zip`) only: limits checked while inflating, never trusting headers. */
  archive?: { maxEntries: number; maxUncompressedBytes: number; maxRatio: number };
}

export interface ProcedureInput {
  code: string;
  title: string;
  ownerSiret: string;
  formSchema: Record<string, unknown>;
  attachments: AttachmentRules;
  routingLevel: RoutingLevel;
  /** Dictionary elements the instructing administration fetches through the exchange instead of asking. */
  dataElements: string[];
  retentionDays: number;
}

export interface Procedure extends ProcedureInput {
  status: 'active' | 'retired';
  createdAt: Date;
}

/** A territory as a COG code at a level (`national` has the code `FR`). */
export interface Territory {
  level: RoutingLevel;
  code: string;
}

export type SubscriptionStatus = 'pending' | 'active' | 'suspended' | 'revoked';
export type DeliveryMode = { mode: 'pull' } | { mode: 'push'; webhookUrl: string };

export interface SubscriptionInput {
  procedureCode: string;
  subscriberSiret: string;
  subscriberName: string;
  territories: Territory[];
  delivery: DeliveryMode;
}

export interface Subscription extends SubscriptionInput {
  id: string;
  status: SubscriptionStatus;
  createdAt: Date;
  approvedAt: Date | null;
}

/** Who acts on a dossier (an agent of an organisation, a client, the platform itself). */
export interface FlowActor {
  kind: 'client' | 'agent' | 'service' | 'citizen';
  id: string;
  organisationSiret?: string;
}

export interface AttachmentMeta {
  n: number;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  purged: boolean;
}

export interface DossierSummary {
  id: string;
  procedureCode: string;
  communeCode: string;
  subscriptionId: string;
  subscriberSiret: string;
  depositedAt: Date;
  deliveryCount: number;
  status: DossierStatus | null;
}

export interface Dossier extends DossierSummary {
  subjectRef: string;
  subjectKind: 'person' | 'company';
  /** The applicant as deposited (identity pivot or SIREN), opened from the sealed payload; null once purged. */
  applicant: Subject | null;
  form: Record<string, unknown> | null;
  formSha256: string;
  attachments: AttachmentMeta[];
  ackedAt: Date | null;
  purgedAt: Date | null;
}

export interface StatusEntry {
  seq: string;
  dossierId: string;
  status: DossierStatus;
  message: string | null;
  at: Date;
}

/**
 * The ledger port: `append` resolves once the event is durable (a LedgerWriter satisfies it).
 * Acknowledgements, statuses and purges append inside their transaction: the writer must not
 * draw its connections from `FlowsContext.pool` (the gateway gives it the exchange pool).
 */
export interface FlowsLedger {
  append(e: LedgerEventInput): Promise<unknown>;
}

/** Everything the flows functions need, built once by the composition root. */
export interface FlowsContext {
  pool: pg.Pool;
  clock: Clock;
  ledger: FlowsLedger;
  blobs: BlobStore;
  /** Seals forms and messages at rest (`createKeySealer(secret, 'flow-payloads')`). */
  sealer: KeySealer;
  /** HMAC secret of `subject_ref` (the same as the exchange's). */
  subjectSecret: string;
  /** How long a fetched, unacknowledged dossier stays out of the inbox (default 5 minutes). */
  visibilityTimeoutMs?: number;
}
