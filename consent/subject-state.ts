/**
 * What the exchange path reads about one subject — its consents and objections (latest
 * versions) — cached per process. Freshness rule: every new consent or objection version is
 * announced by PostgreSQL NOTIFY at COMMIT (channel `datapedia_consent`, payload the
 * subject_ref; migrations consents_notify and objections) and drops the entry at once;
 * entries also expire after ≤ 5 s, and the cache is bypassed while the listener is down, so a
 * suspension, revocation or objection takes effect within 5 s in every gateway.
 */
import type pg from 'pg';
import { listLatestConsentsBySubjectRefs, type ConsentRow } from './store/consents.js';
import { listLatestObjectionsBySubjectRefs, type ObjectionRow } from './store/objections.js';

export const CONSENT_CHANNEL = 'datapedia_consent';

export interface SubjectState {
  consents: ConsentRow[];
  objections: ObjectionRow[];
}

export interface SubjectStateCache {
  get(subjectRef: string): Promise<SubjectState>;
  /** Resolves once LISTEN is in place. */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** Counters (tests, metrics): database reads, cache hits, invalidations received. */
  stats(): { reads: number; hits: number; invalidations: number };
}

interface Logger {
  warn(obj: object, msg: string): void;
}

async function readState(pool: pg.Pool, subjectRef: string): Promise<SubjectState> {
  const [consents, objections] = await Promise.all([
    listLatestConsentsBySubjectRefs(pool, [subjectRef]),
    listLatestObjectionsBySubjectRefs(pool, [subjectRef]),
  ]);
  return { consents, objections };
}

export function createSubjectStateCache(o: { pool: pg.Pool; logger?: Logger; ttlMs?: number }): SubjectStateCache {
  const ttl = Math.min(o.ttlMs ?? 5000, 5000);
  const cache = new Map<string, { value: Promise<SubjectState>; at: number }>();
  const counts = { reads: 0, hits: 0, invalidations: 0 };
  let listener: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let readyPromise: Promise<void>;

  function lost(err?: unknown): void {
    if (closed || !listener) return;
    o.logger?.warn({ err }, 'consent state cache: listener lost, cache bypassed until it is back');
    const old = listener;
    listener = null;
    cache.clear();
    old.release(true);
    schedule();
  }
  function schedule(): void {
    if (closed) return;
    retry = setTimeout(() => {
      readyPromise = listen();
    }, 1000);
    retry.unref();
  }
  async function listen(): Promise<void> {
    try {
      const client = await o.pool.connect();
      client.on('notification', (msg) => {
        if (!msg.payload) return;
        counts.invalidations += 1;
        cache.delete(msg.payload);
      });
      client.on('error', lost);
      client.on('end', () => lost());
      await client.query(`LISTEN ${CONSENT_CHANNEL}`);
      if (closed) return client.release(true);
      cache.clear(); // anything cached while nobody listened may be stale
      listener = client;
    } catch (err) {
      o.logger?.warn({ err }, 'consent state cache: LISTEN failed, retrying');
      schedule();
    }
  }
  readyPromise = listen();

  function get(subjectRef: string): Promise<SubjectState> {
    const hit = cache.get(subjectRef);
    if (hit && listener !== null && Date.now() - hit.at < ttl) {
      counts.hits += 1;
      return hit.value;
    }
    counts.reads += 1;
    const value = readState(o.pool, subjectRef);
    if (listener !== null) {
      if (cache.size >= 100_000) cache.clear();
      const entry = { value, at: Date.now() };
      cache.set(subjectRef, entry);
      value.catch(() => {
        if (cache.get(subjectRef) === entry) cache.delete(subjectRef);
      });
    }
    return value;
  }

  return {
    get,
    ready: () => readyPromise,
    stats: () => ({ ...counts }),
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
