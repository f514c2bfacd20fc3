/**
 * `checkConsent` for the exchange path (DESIGN.md flow, step "consent"). Rules:
 * - a consent covers an exchange when it is about the subject, on the API, and held by the
 *   consumer — or held by nobody in particular (`consumerSiret` null) and given for the very
 *   purpose of the consumer's contract;
 * - one covering consent in force (active, `validFrom ≤ now < validUntil`) → ok; with a
 *   frequency cap, one use is counted atomically and a reached cap is `client.rate_limited`;
 * - otherwise the most recent covering consent says why: revoked or paused →
 *   `client.consent_revoked`, past its end → `client.consent_expired`; none at all (or not
 *   yet valid) → `client.consent_missing`. Fail closed: a database error denies.
 * The covering consents of a subject are cached per process; every new consent version is
 * announced by PostgreSQL NOTIFY at COMMIT (migration consents_notify) and drops the entry
 * at once; entries also expire after ≤ 5 s and the cache is bypassed while the listener is
 * down, so a revocation stops exchanges everywhere within 5 s.
 */
import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import { incrementConsentUsage, listLatestConsentsBySubjectRefs, type ConsentRow } from './store/consents.js';
import { toConsent } from './map.js';
import { nextWindowStart, windowStart } from './frequency.js';
import type { Consent } from './types.js';

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
  check(q: ConsentCheckQuestion): Promise<ConsentGrantRef>;
  /** Resolves once LISTEN is in place. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export const CONSENT_CHANNEL = 'datapedia_consent';

interface Logger { warn(obj: object, msg: string): void }

export function createConsentChecker(o: { pool: pg.Pool; clock: Clock; logger?: Logger; ttlMs?: number }): ConsentCheckerHandle {
  const ttl = Math.min(o.ttlMs ?? 5000, 5000);
  const cache = new Map<string, { value: Promise<ConsentRow[]>; at: number }>();
  let listener: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let readyPromise: Promise<void>;

  function lost(err?: unknown): void {
    if (closed || !listener) return;
    o.logger?.warn({ err }, 'consent checker: listener lost, cache bypassed until it is back');
    const old = listener;
    listener = null;
    cache.clear();
    old.release(true);
    schedule();
  }
  function schedule(): void {
    if (closed) return;
    retry = setTimeout(() => { readyPromise = listen(); }, 1000);
    retry.unref();
  }
  async function listen(): Promise<void> {
    try {
      const client = await o.pool.connect();
      client.on('notification', (msg) => { if (msg.payload) cache.delete(msg.payload); });
      client.on('error', lost);
      client.on('end', () => lost());
      await client.query(`LISTEN ${CONSENT_CHANNEL}`);
      if (closed) return client.release(true);
      cache.clear(); // anything cached while nobody listened may be stale
      listener = client;
    } catch (err) {
      o.logger?.warn({ err }, 'consent checker: LISTEN failed, retrying');
      schedule();
    }
  }
  readyPromise = listen();

  function consentsOf(subjectRef: string): Promise<ConsentRow[]> {
    const hit = cache.get(subjectRef);
    if (hit && listener !== null && Date.now() - hit.at < ttl) return hit.value;
    const value = listLatestConsentsBySubjectRefs(o.pool, [subjectRef]);
    if (listener !== null) {
      if (cache.size >= 100_000) cache.clear();
      const entry = { value, at: Date.now() };
      cache.set(subjectRef, entry);
      value.catch(() => { if (cache.get(subjectRef) === entry) cache.delete(subjectRef); });
    }
    return value;
  }

  async function check(q: ConsentCheckQuestion): Promise<ConsentGrantRef> {
    const now = o.clock.now();
    const covering = (await consentsOf(q.subjectRef))
      .filter((r) => r.api_slug === q.apiSlug && (r.consumer_siret === q.consumerSiret || (r.consumer_siret === null && r.purpose === q.purpose)))
      .map((r) => toConsent(r, now));
    const inForce = covering.filter((c) => c.status === 'active' && Date.parse(c.validFrom) <= now.getTime());
    if (inForce.length) return useOne(inForce, now);
    const latest = covering.filter((c) => Date.parse(c.validFrom) <= now.getTime()).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (latest?.status === 'revoked' || latest?.status === 'paused') {
      throw new ProblemError('client.consent_revoked', { detail: latest.status === 'paused' ? 'La personne a suspendu son consentement.' : 'La personne a retiré son consentement.' });
    }
    if (latest?.status === 'expired') throw new ProblemError('client.consent_expired', { detail: 'Le consentement de la personne est arrivé à échéance.' });
    throw new ProblemError('client.consent_missing', { detail: 'Cette API exige le consentement de la personne concernée.' });
  }

  async function useOne(inForce: Consent[], now: Date): Promise<ConsentGrantRef> {
    const uncapped = inForce.find((c) => !c.frequency);
    if (uncapped) return { consentId: uncapped.id, version: uncapped.version, dataElements: uncapped.dataElements };
    let retryAt = Infinity;
    for (const c of inForce) {
      const f = c.frequency!;
      if (await incrementConsentUsage(o.pool, c.id, windowStart(f.period, now), f.max)) return { consentId: c.id, version: c.version, dataElements: c.dataElements };
      retryAt = Math.min(retryAt, nextWindowStart(f.period, now).getTime());
    }
    const seconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
    throw new ProblemError('client.rate_limited', { detail: 'Nombre de consultations permis par le consentement atteint pour la période.', headers: { 'Retry-After': String(seconds) } });
  }

  return {
    check,
    ready: () => readyPromise,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const l = listener;
      listener = null;
      cache.clear();
      l?.release(true);
    },
  };
}
