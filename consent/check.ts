/**
 * The consent checker of one gateway process: `decide` answers the consent step of an exchange
 * (decide.ts) over the subject's cached state (subject-state.ts: LISTEN/NOTIFY-invalidated,
 * ≤ 5 s), counting capped uses in `consent_usage`. Fail closed: a database error rejects.
 * `check` is the earlier interface of the exchange port (APIs already known to be
 * `consent_required`, no data elements, not proactive); it throws the denial as a problem and
 * still answers a suspended consent with `client.consent_revoked`, the code the exchange
 * port and the trail's labels know, until the port calls `decide`.
 */
import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import { decrementConsentUsage, incrementConsentUsage } from './store/consents.js';
import { createSubjectStateCache, type SubjectStateCache } from './subject-state.js';
import { decideExchange, denialProblem, type ExchangeDecision, type ExchangeQuestion } from './decide.js';

export interface ConsentCheckQuestion {
  subjectRef: string;
  apiSlug: string;
  consumerSiret: string;
  /** The purpose of the consumer's contract (matches consents given to any holder for that purpose). */
  purpose: string;
}

/** The consent that allowed the exchange (recorded with the exchange event). */
export interface ConsentGrantRef {
  consentId: string;
  version: number;
  /** The data elements the person consented to; empty = every data element of the API. */
  dataElements: string[];
}

export interface ConsentCheckerHandle {
  /** The consent step of an exchange: allowed (with what may be released) or denied (with a stable code). */
  decide(q: ExchangeQuestion): Promise<ExchangeDecision>;
  check(q: ConsentCheckQuestion): Promise<ConsentGrantRef>;
  /** Gives back the use an allowed decision counted (the exchange failed before delivering data). */
  refundUse(d: ExchangeDecision): Promise<void>;
  /** Resolves once LISTEN is in place. */
  ready(): Promise<void>;
  close(): Promise<void>;
  stats: SubjectStateCache['stats'];
}

export { CONSENT_CHANNEL } from './subject-state.js';

interface Logger {
  warn(obj: object, msg: string): void;
}

export function createConsentChecker(o: { pool: pg.Pool; clock: Clock; logger?: Logger; ttlMs?: number }): ConsentCheckerHandle {
  const states = createSubjectStateCache(o);
  const countUse = (id: string, start: Date, max: number) => incrementConsentUsage(o.pool, id, start, max);

  async function decide(q: ExchangeQuestion): Promise<ExchangeDecision> {
    const needsState =
      q.subjectRef !== null && (q.policy.proactive || q.policy.consentPolicy === 'consent_required') && q.policy.consentPolicy !== 'none';
    const state = needsState ? await states.get(q.subjectRef!) : null;
    return decideExchange(state, q, o.clock.now(), countUse);
  }

  async function check(q: ConsentCheckQuestion): Promise<ConsentGrantRef> {
    const d = await decide({ ...q, policy: { consentPolicy: 'consent_required', proactive: false }, producerSiret: '', dataElements: [] });
    if (d.allowed) return d.consent!;
    if (d.code === 'client.consent_suspended') throw new ProblemError('client.consent_revoked', { detail: d.detail });
    throw denialProblem(d);
  }

  async function refundUse(d: ExchangeDecision): Promise<void> {
    if (d.allowed && d.countedUse) await decrementConsentUsage(o.pool, d.countedUse.consentId, new Date(d.countedUse.windowStart));
  }

  return { decide, check, refundUse, ready: states.ready, close: states.close, stats: states.stats };
}
