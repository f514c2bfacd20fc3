/**
 * The citizen's trail ("Qui a consulté mes données ?"): every exchange about the citizen's
 * subject references, newest first, in plain words — consumer and producer names, the data
 * elements' French labels, purpose (context, object), legal basis, outcome — never the data
 * values (the ledger holds none). Built on the ledger's `listExchanges` by subject, so no
 * filter, id or cursor can reach someone else's rows. Filters (period, administration, data)
 * are applied while scanning the citizen's own events, at most SCAN_BUDGET events per call;
 * a page may then be short, with a cursor to go on.
 */
import { listExchanges, type CommittedEvent } from '../../../ledger/index.js';
import { ProblemError } from '../../../schemas/index.js';
import type { MoiExchange } from '../../../web/index.js';
import type { AppDeps } from '../../deps.js';
import type { ConsentServices } from './consent-context.js';
import { decodeTrailCursor, encodeTrailCursor, ledgerCursorAt, type TrailPosition } from './trail-cursor.js';
import { outcomeLabel } from './outcome-labels.js';
import { deriveKey } from './keys.js';
import { MY_DATA_CONTEXT } from './my-data.js';

import { EXCHANGE_TYPES } from './trail-types.js';
import { listMyReportViews, type ReportView } from './report.js';

export { EXCHANGE_TYPES };
const SCAN_BUDGET = 5000;
const PAGE = 500;
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export interface TrailFilters {
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** SIRET of the consumer or of the producer. */
  administration?: string;
  /** Data element id. */
  dataElement?: string;
}

/** Trail filters and paging as read from a query string (gateway/http/trail-query.ts). */
export interface TrailQuery {
  filters: TrailFilters;
  /** The raw filter values, to refill the form and build links. */
  raw: { du?: string; au?: string; administration?: string; donnee?: string };
  cursor: string | null;
  limit: number;
}

/** One exchange of the citizen's trail: the page's view model, plus the problem code and the consent id (exports, API). */
export type TrailItem = Omit<MoiExchange, 'consent'> & {
  problemCode: string | null;
  /** How the exchange was allowed when the API asks for consent (FranceConnect presence or a consent). */
  consent: { mode: string; consentId?: string } | null;
};

export interface TrailPage {
  items: TrailItem[];
  nextCursor: string | null;
}

function matches(e: CommittedEvent, f: TrailFilters): boolean {
  if (f.administration && e.consumer_siret !== f.administration && e.producer_siret !== f.administration) return false;
  if (f.dataElement && !(e.data_elements ?? []).includes(f.dataElement)) return false;
  return true;
}

/** Raw events of a page: scans the subject's events from the cursor (or the period's end). */
export async function scanTrail(
  deps: AppDeps,
  subjectRefs: string[],
  f: TrailFilters,
  cursor: string | null,
  limit: number,
): Promise<{ events: CommittedEvent[]; next: TrailPosition | null }> {
  const key = deriveKey(deps.config, 'trail-cursor');
  let pos: TrailPosition | null = cursor ? decodeTrailCursor(key, cursor, subjectRefs) : f.to ? { at: f.to.getTime(), id: MAX_UUID } : null;
  if (pos && f.to && pos.at > f.to.getTime()) pos = { at: f.to.getTime(), id: MAX_UUID };
  const events: CommittedEvent[] = [];
  let scanned = 0;
  for (;;) {
    // Without a row filter every row scanned is shown: ask the ledger for just what is missing.
    const size = f.administration || f.dataElement ? PAGE : limit - events.length;
    const page = await listExchanges(
      deps.pool,
      { subjectRefs },
      { cursor: pos ? ledgerCursorAt(pos) : null, limit: size, types: [...EXCHANGE_TYPES] },
    );
    for (const e of page.items) {
      if (f.from && e.occurred_at < f.from.getTime()) return { events, next: null };
      scanned += 1;
      pos = { at: e.occurred_at, id: e.id };
      if (matches(e, f)) events.push(e);
      if (events.length === limit || scanned >= SCAN_BUDGET)
        return { events, next: page.nextCursor || e !== page.items.at(-1) ? pos : null };
    }
    if (!page.nextCursor) return { events, next: null };
  }
}

/** One page of the trail, in plain words. */
export async function readTrail(
  deps: AppDeps,
  consent: Pick<ConsentServices, 'labels'>,
  subjectRefs: string[],
  f: TrailFilters,
  cursor: string | null,
  limit = 50,
): Promise<TrailPage> {
  if (subjectRefs.length === 0) throw new ProblemError('client.forbidden', { detail: 'Réservé aux particuliers connectés.' });
  const { events, next } = await scanTrail(deps, subjectRefs, f, cursor, limit);
  const reports = new Map((await listMyReportViews(deps, subjectRefs)).map((r) => [r.eventId, r]));
  const items = await Promise.all(events.map((e) => describe(consent, e, reports.get(e.id))));
  return { items, nextCursor: next ? encodeTrailCursor(deriveKey(deps.config, 'trail-cursor'), next, subjectRefs) : null };
}

/** An exchange an editor made for the administration (docs/architecture.md, "Delegations"): both are named. */
function withEditor(consumer: string | null, editor: string | null, software: string | undefined): string | null {
  if (!consumer || !editor) return consumer;
  return software ? `${consumer} (par le logiciel ${software} de l’éditeur ${editor})` : `${consumer} (par l’éditeur ${editor})`;
}

async function describe(services: Pick<ConsentServices, 'labels'>, e: CommittedEvent, r: ReportView | undefined): Promise<TrailItem> {
  const labels = services.labels;
  const outcome = e.outcome as TrailItem['outcome'];
  const consent = (e.detail as { consent?: TrailItem['consent'] } | null)?.consent ?? null;
  const delegation = (e.detail as { delegation?: { editorSiret?: string; software?: string } } | null)?.delegation;
  const [consumer, producer, api, dataElements, editor] = await Promise.all([
    labels.organisation(e.consumer_siret),
    labels.organisation(e.producer_siret),
    labels.apiTitle(e.api_slug),
    labels.dataElements(e.data_elements, e.api_slug, e.fields),
    labels.organisation(delegation?.editorSiret ?? null),
  ]);
  return {
    id: e.id,
    occurredAt: new Date(e.occurred_at).toISOString(),
    outcome,
    outcomeLabel: outcomeLabel(outcome, e.problem_code),
    problemCode: e.problem_code,
    // "Mes données": the person consulted their own data (no administration was the consumer).
    consumer: {
      siret: e.consumer_siret,
      name:
        !e.consumer_siret && e.context === MY_DATA_CONTEXT
          ? 'Vous-même, depuis « Mes données »,'
          : withEditor(consumer, editor, delegation?.software),
    },
    recipient: e.recipient,
    producer: { siret: e.producer_siret, name: producer },
    api: { slug: e.api_slug, title: api },
    dataElements,
    context: e.context,
    object: e.object,
    legalBasis: e.legal_basis,
    consent,
    report: r ? { reportId: r.id, status: r.status } : null,
  };
}
