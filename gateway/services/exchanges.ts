import type pg from 'pg';
import { listExchanges, type CommittedEvent } from '../../ledger/index.js';
import { ProblemError, isValidSiret } from '../../schemas/index.js';
import type { Principal } from '../../schemas/index.js';

/** One exchange as its parties see it: what, when, why, outcome — never the subject's pseudonym. */
export interface ExchangeView {
  id: string;
  type: string;
  occurredAt: string;
  outcome: string;
  status: number | null;
  problemCode: string | null;
  latencyMs: number | null;
  consumerSiret: string | null;
  clientId: string | null;
  contractId: string | null;
  contractVersion: number | null;
  producerSiret: string | null;
  api: string | null;
  endpoint: string | null;
  fields: string[];
  dataElements: string[];
  subjectKind: string | null;
  recipient: string | null;
  context: string | null;
  object: string | null;
  bodySha256: string | null;
  /** A call made by a software editor under a delegation (docs/architecture.md, "Delegations"). */
  delegation: { id: string | null; editorSiret: string; software: string | null } | null;
}

function toView(e: CommittedEvent): ExchangeView {
  return {
    id: e.id,
    type: e.type,
    occurredAt: new Date(e.occurred_at).toISOString(),
    outcome: e.outcome,
    status: e.status,
    problemCode: e.problem_code,
    latencyMs: e.latency_ms,
    consumerSiret: e.consumer_siret,
    clientId: e.client_id,
    contractId: e.contract_id,
    contractVersion: e.contract_version,
    producerSiret: e.producer_siret,
    api: e.api_slug,
    endpoint: e.endpoint,
    fields: e.fields ?? [],
    dataElements: e.data_elements ?? [],
    subjectKind: e.subject_kind,
    recipient: e.recipient,
    context: e.context,
    object: e.object,
    bodySha256: e.body_sha256,
    delegation: delegationOf(e.detail),
  };
}

function delegationOf(detail: Record<string, unknown> | null): ExchangeView['delegation'] {
  const d = detail?.delegation as { id?: unknown; editorSiret?: unknown; software?: unknown } | undefined;
  if (!d || typeof d.editorSiret !== 'string') return null;
  return {
    id: typeof d.id === 'string' ? d.id : null,
    editorSiret: d.editorSiret,
    software: typeof d.software === 'string' ? d.software : null,
  };
}

export interface ExchangesQuery {
  organisation?: string;
  side?: string;
  cursor?: string;
  limit?: number;
}

/**
 * The exchanges an agent's organisation may see (docs/architecture.md, invariant 6): as consumer, its own
 * calls and those its editors made for it; as producer, the calls on its APIs; as editor, the calls
 * it made under its delegations, for every client (never a client's other calls). The organisation must be one of the agent's; with
 * a single membership it may be omitted. Nobody sees another party's rows.
 */
export async function listPartyExchanges(
  pool: pg.Pool,
  principal: Principal | undefined,
  q: ExchangesQuery,
): Promise<{ items: ExchangeView[]; nextCursor: string | null }> {
  if (!principal) throw new ProblemError('client.unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  const sirets = [...new Set(principal.memberships.map((m) => m.siret))];
  const siret = q.organisation ?? (sirets.length === 1 ? sirets[0] : undefined);
  if (!siret) throw new ProblemError('client.invalid_parameter', { detail: 'Précisez l’organisation (paramètre organisation).' });
  if (!isValidSiret(siret)) throw new ProblemError('client.invalid_siret', { detail: 'organisation doit être un SIRET valide.' });
  if (!sirets.includes(siret)) throw new ProblemError('client.forbidden', { detail: 'Vous n’agissez pas pour cette organisation.' });
  const side = q.side ?? 'consumer';
  if (side !== 'consumer' && side !== 'producer' && side !== 'editor')
    throw new ProblemError('client.invalid_parameter', { detail: 'side doit valoir consumer, producer ou editor.' });
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > 200))
    throw new ProblemError('client.invalid_parameter', { detail: 'limit doit être un entier entre 1 et 200.' });
  const party = side === 'consumer' ? { consumerSiret: siret } : side === 'producer' ? { producerSiret: siret } : { editorSiret: siret };
  const page = await listExchanges(pool, party, {
    cursor: q.cursor ?? null,
    limit: q.limit ?? 50,
    types: ['exchange.served', 'exchange.denied', 'exchange.failed'],
  });
  return { items: page.items.map(toView), nextCursor: page.nextCursor };
}
