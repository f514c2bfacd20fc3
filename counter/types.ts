/** Types of the counter domain: use cases, data needs, their moderation and answers. */
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';
import type { LedgerEventInput } from '../ledger/index.js';

/** Moderation: nothing written by an administration is public before the operator publishes it. */
export type ModerationStatus = 'submitted' | 'published' | 'rejected';
export type ModerationDecision = 'publish' | 'reject';

/** A producer's or the operator's answer to a need. */
export type NeedAnswerKind = 'available' | 'planned' | 'not_possible';

/** Who acts, as the counter needs to know them (the gateway's principal fits). */
export interface CounterActor {
  kind: 'agent' | 'citizen' | 'service';
  sub: string;
  email?: string;
  memberships: { siret: string; roles: string[] }[];
  platformRoles: string[];
}

/** Port to the ledger: events are appended, awaited, before the change they record commits. */
export interface CounterLedger {
  append(e: LedgerEventInput): Promise<unknown>;
}

export interface CounterContext {
  pool: pg.Pool;
  clock: Clock;
  ledger: CounterLedger;
}

export interface UseCase {
  id: string;
  slug: string;
  title: string;
  summary: string;
  administrations: string[];
  legalBasis: string;
  legalBasisUrl: string | null;
  documentsBefore: string[];
  documentsAfter: string[];
  apiSlugs: string[];
  dataElements: string[];
  authorSiret: string;
  status: ModerationStatus;
  moderationNote: string | null;
  createdAt: string;
  publishedAt: string | null;
}

export interface UseCaseInput {
  organisationSiret: string;
  slug: string;
  title: string;
  summary: string;
  administrations: string[];
  legalBasis: string;
  legalBasisUrl?: string;
  documentsBefore: string[];
  documentsAfter?: string[];
  apiSlugs: string[];
  dataElements?: string[];
}

export interface NeedAnswer {
  kind: NeedAnswerKind;
  apiSlug: string | null;
  plannedFor: string | null;
  reason: string | null;
  /** The answering producer (null: the operator answered). */
  bySiret: string | null;
  at: string;
}

/** A need as anyone may read it once published (the requester's agent and address are never shown). */
export interface Need {
  id: string;
  title: string;
  purpose: string;
  legalBasis: string;
  legalBasisUrl: string | null;
  expectedVolume: string;
  deadline: string | null;
  requesterSiret: string;
  status: ModerationStatus;
  moderationNote: string | null;
  answer: NeedAnswer | null;
  /** Organisations that declared the same need. */
  supporters: string[];
  /** The access request drafted from an « available » answer, if any. */
  requestContractId: string | null;
  createdAt: string;
  publishedAt: string | null;
}

export interface NeedInput {
  organisationSiret: string;
  title: string;
  purpose: string;
  legalBasis: string;
  legalBasisUrl?: string;
  expectedVolume: string;
  deadline?: string;
  /** Where to tell the requester of the answer (opt-in, for this need only). */
  notifyEmail?: string;
}

export interface NeedAnswerInput {
  organisationSiret?: string;
  kind: NeedAnswerKind;
  apiSlug?: string;
  plannedFor?: string;
  reason?: string;
}
