import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import type { CommittedEvent, LedgerEventType } from './event.js';
import { listEventsByParty, listOutcomesByProducer, countEventsByTypeAndOutcome } from './store/exchanges.js';
import { findEventById as findRecordById } from './store/events.js';
import { listMembershipEventsByOrganisation } from './store/organisation-events.js';

/** Exactly one party: a consumer sees its own exchanges, a producer those on its APIs, a citizen those about them. */
/** `editorSiret`: the calls an editor made under delegations (the event's `detail.delegation.editorSiret`). */
export type ExchangeParty = { consumerSiret: string } | { producerSiret: string } | { editorSiret: string } | { subjectRefs: string[] };

export interface ExchangePage {
  items: CommittedEvent[];
  /** Opaque; pass it back to get the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Cursor = base64url of `[occurred_at ms, id]` of the last item shown. */
function encodeCursor(e: CommittedEvent): string {
  return Buffer.from(JSON.stringify([e.occurred_at, e.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && UUID.test(v[1]))
      return { at: v[0] as number, id: v[1] };
  } catch {
    /* falls through */
  }
  throw new ProblemError('client.invalid_parameter', {
    detail: 'Curseur de pagination invalide.',
    errors: [{ pointer: '/cursor', detail: 'curseur invalide' }],
  });
}

/**
 * The exchanges (and other events) of one party, newest first, by cursor pages.
 * Nobody sees another party's rows: the filter is mandatory and exact.
 */
export async function listExchanges(
  pool: Pick<pg.Pool, 'query'>,
  party: ExchangeParty,
  page: { cursor?: string | null; limit?: number; types?: LedgerEventType[] } = {},
): Promise<ExchangePage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const filter = 'subjectRefs' in party ? { subjectRefs: party.subjectRefs } : party;
  if ('subjectRefs' in party && party.subjectRefs.length === 0) return { items: [], nextCursor: null };
  if (!('subjectRefs' in party) && !Object.values(party)[0]) throw new TypeError('listExchanges needs a party');
  const before = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await listEventsByParty(pool, { ...filter, types: page.types }, before, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
}

/** One event by its id (= exchange id); null when unknown or not a uuid. */
export async function findEventById(pool: Pick<pg.Pool, 'query'>, id: string): Promise<CommittedEvent | null> {
  const lower = String(id).toLowerCase();
  return UUID.test(lower) ? findRecordById(pool, lower) : null;
}

export interface ProducerOutcome {
  occurredAt: Date;
  apiSlug: string | null;
  outcome: string;
  status: number | null;
  problemCode: string | null;
  latencyMs: number | null;
}

/** Exchanges on a producer's APIs since a date, newest first (at most `limit`, default 1,000): producer health. */
export async function recentOutcomesByProducer(
  pool: Pick<pg.Pool, 'query'>,
  producerSiret: string,
  since: Date,
  limit = 1000,
): Promise<ProducerOutcome[]> {
  const rows = await listOutcomesByProducer(pool, producerSiret, since, limit);
  return rows.map((r) => ({
    occurredAt: r.occurred_at,
    apiSlug: r.api_slug,
    outcome: r.outcome,
    status: r.status,
    problemCode: r.problem_code,
    latencyMs: r.latency_ms,
  }));
}

/** Counts by event type and outcome over `[since, until)`, for everyone or one party (audit). */
export async function countEvents(
  pool: Pick<pg.Pool, 'query'>,
  period: { since: Date; until: Date },
  party: { consumerSiret?: string; producerSiret?: string } = {},
): Promise<{ type: string; outcome: string; n: number }[]> {
  return countEventsByTypeAndOutcome(pool, party, period.since, period.until);
}

/** The history of an organisation's agents and roles (`membership.event`), newest first, at most `limit` (default 200). */
export async function listOrganisationMembershipEvents(
  pool: Pick<pg.Pool, 'query'>,
  siret: string,
  limit = 200,
): Promise<CommittedEvent[]> {
  if (!/^\d{14}$/.test(siret)) throw new TypeError('listOrganisationMembershipEvents needs a SIRET');
  return listMembershipEventsByOrganisation(pool, siret, Math.min(Math.max(limit, 1), 1000));
}
