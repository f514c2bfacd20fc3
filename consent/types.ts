/**
 * Types of the consent domain: consents (immutable, versioned), consent requests, cases, and
 * the ports the domain needs from outside (the ledger, the clock).
 */
import type pg from 'pg';
import type { Clock } from '../schemas/index.js';

export type ConsentStatus = 'active' | 'paused' | 'revoked' | 'expired';
export type FrequencyPeriod = 'day' | 'week' | 'month' | 'year';
export type SubjectKind = 'person' | 'company';

/** An optional cap: at most `max` exchanges per calendar `period` (UTC). */
export interface FrequencyCap {
  max: number;
  period: FrequencyPeriod;
}

/** Who made a change: the citizen, an agent of the consumer, or the platform (expiry). */
export interface ConsentActor {
  kind: 'citizen' | 'agent' | 'service' | 'auditor';
  id: string;
  organisationSiret?: string;
}

/** One version of a consent (the latest version is the consent in force). */
export interface Consent {
  id: string;
  version: number;
  subjectRef: string;
  subjectKind: SubjectKind;
  /** Null: any holder of an active contract for `purpose` on the API. */
  consumerSiret: string | null;
  apiSlug: string;
  dataElements: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  frequency: FrequencyCap | null;
  /** Stored status, with `expired` computed once `validUntil` has passed. */
  status: ConsentStatus;
  requestId: string | null;
  actor: ConsentActor;
  createdAt: string;
}

export type ConsentRequestStatus = 'pending' | 'accepted' | 'refused' | 'expired';

export interface ConsentRequest {
  id: string;
  consumerSiret: string;
  requestedBy: ConsentActor;
  subjectRef: string;
  subjectKind: SubjectKind;
  apiSlug: string;
  dataElements: string[];
  purpose: string;
  durationDays: number;
  frequency: FrequencyCap | null;
  status: ConsentRequestStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  consentId: string | null;
}

/** A citizen's report of a suspicious access; the audit case that instructs it, once opened. */
export interface CitizenReport {
  id: string;
  subjectRef: string;
  eventId: string;
  message: string;
  auditCaseId: string | null;
  createdAt: string;
}

/** What the consent domain appends to the ledger (mapped onto `consent.event` / `citizen.report`). */
export interface ConsentLedgerEvent {
  id: string;
  type: 'consent.event' | 'citizen.report';
  occurredAt: Date;
  actor: ConsentActor;
  subjectRef: string;
  subjectKind: SubjectKind;
  consumerSiret?: string;
  apiSlug?: string;
  dataElements?: string[];
  detail: Record<string, unknown>;
}

/**
 * Port: appends one event to the ledger and resolves once it is committed (the gateway wires
 * it to the ledger writer). A rejection aborts the change (no consent change without a trace).
 */
export type RecordConsentEvent = (event: ConsentLedgerEvent) => Promise<void>;

/**
 * Port: queues a notification to the person inside the caller's transaction (the gateway wires
 * it to the notification outbox; nothing is queued unless the person opted in).
 */
export type NotifyPerson = (
  db: pg.PoolClient,
  n: { personRef: string; kind: 'consent_request'; key: string; at: Date },
) => Promise<unknown>;

/** Everything the domain functions need. */
export interface ConsentContext {
  pool: pg.Pool;
  clock: Clock;
  recordConsentEvent: RecordConsentEvent;
  /** Absent: nobody is notified (tools, tests of other parts). */
  notifyPerson?: NotifyPerson;
}
