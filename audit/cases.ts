import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ProblemError, type Clock } from '../schemas/index.js';
import type { AuditCase, CaseActor, CaseHistoryEntry, CaseInput, CaseStatus, Queryable } from './types.js';
import {
  findOpenCaseByDedupKey,
  insertCase,
  updateCaseEvidenceById,
  updateCaseStatusById,
  findCaseById,
  listCasesByFilter,
  insertCaseEvent,
  listCaseEventsByCase,
  countCasesByStatus,
  MAX_EVIDENCE,
  type CaseFilter,
} from './store/cases.js';
import { findContractFactsByIds, type ContractFacts } from './store/contracts.js';
import { listNotificationsByCase, type OutboxRow } from './store/outbox.js';
import { notifyContractContacts } from './notify.js';
import { withTransaction } from './store/tx.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KIND = /^[a-z][a-z0-9_.]{0,63}$/;
const SYSTEM: CaseActor = { sub: 'datapedia:usage-control', name: 'Contrôle automatique' };

/** What `openCase` did: a new case, or new evidence added to the open case of the same kind and key. */
export interface OpenCaseResult {
  case: AuditCase;
  created: boolean;
  /** Evidence ids added to an existing case (0 when created). */
  added: number;
  /** Notifications queued (only when created). */
  notified: number;
}

function checkInput(input: CaseInput): string[] {
  if (!KIND.test(input.kind)) throw new TypeError(`invalid case kind ${input.kind}`);
  if (input.source !== 'rule' && input.source !== 'citizen') throw new TypeError(`invalid case source ${String(input.source)}`);
  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (!summary || summary.length > 2000)
    throw new ProblemError('client.validation_failed', { errors: [{ pointer: '/summary', detail: '1 à 2 000 caractères' }] });
  if (!Array.isArray(input.evidence)) throw new TypeError('evidence must be an array of ledger event ids');
  const ids = [...new Set(input.evidence.map((e) => String(e).toLowerCase()))];
  const bad = ids.findIndex((e) => !UUID.test(e));
  if (bad >= 0)
    throw new ProblemError('client.validation_failed', {
      errors: [{ pointer: `/evidence/${bad}`, detail: 'identifiant d’événement (UUID) attendu' }],
    });
  if (input.contractId !== undefined && !UUID.test(input.contractId))
    throw new ProblemError('client.validation_failed', { errors: [{ pointer: '/contractId', detail: 'UUID attendu' }] });
  return ids.slice(0, MAX_EVIDENCE);
}

/**
 * Opens a case inside the caller's transaction (the evaluator advances its position in the
 * same one). A case of the same kind and `dedupKey` that is not closed receives the evidence
 * instead of a duplicate. A new case about a contract notifies its contacts (outbox).
 */
export async function openCaseIn(
  db: Queryable,
  input: CaseInput,
  at: Date,
  facts?: ContractFacts,
  retried = false,
): Promise<OpenCaseResult> {
  const evidence = checkInput(input);
  if (input.dedupKey) {
    const existing = await findOpenCaseByDedupKey(db, input.kind, input.dedupKey);
    if (existing) {
      const fresh = evidence.filter((e) => !existing.evidence.includes(e));
      const merged = [...existing.evidence, ...fresh].slice(0, MAX_EVIDENCE);
      const added = merged.length - existing.evidence.length;
      if (added > 0) {
        await updateCaseEvidenceById(db, existing.id, merged, at);
        await insertCaseEvent(db, {
          caseId: existing.id,
          action: 'evidence',
          from: existing.status,
          to: existing.status,
          actorSub: SYSTEM.sub,
          actorName: SYSTEM.name ?? null,
          note: null,
          added,
          at,
        });
      }
      return { case: { ...existing, evidence: merged }, created: false, added, notified: 0 };
    }
  }
  const contractFacts =
    facts ?? (input.contractId ? (await findContractFactsByIds(db, [input.contractId])).get(input.contractId) : undefined);
  const filled: CaseInput = {
    ...input,
    summary: input.summary.trim(),
    consumerSiret: input.consumerSiret ?? contractFacts?.consumerSiret,
    producerSiret: input.producerSiret ?? contractFacts?.producerSiret,
    apiSlug: input.apiSlug ?? contractFacts?.apiSlug,
  };
  const created = await insertCase(db, randomUUID(), filled, evidence, at);
  // A concurrent opener committed the same case first: add the evidence to it instead.
  if (!created) {
    if (retried) throw new Error(`case ${input.kind}/${input.dedupKey} neither insertable nor found`);
    return openCaseIn(db, input, at, facts, true);
  }
  const actor = input.source === 'citizen' ? { sub: 'datapedia:citizen-report', name: 'Signalement d’un usager' } : SYSTEM;
  await insertCaseEvent(db, {
    caseId: created.id,
    action: 'open',
    from: null,
    to: 'open',
    actorSub: actor.sub,
    actorName: actor.name ?? null,
    note: null,
    added: evidence.length,
    at,
  });
  const notified = await notifyContractContacts(db, created, contractFacts, at);
  return { case: created, created: true, added: 0, notified };
}

/**
 * Opens a case (interfaces: the citizen space's "Signaler un accès suspect" and the rules).
 * `evidence` = ids of ledger events. Runs in its own transaction.
 */
export async function openCase(pool: pg.Pool, input: CaseInput, clock?: Clock): Promise<OpenCaseResult> {
  return withTransaction(pool, (client) => openCaseIn(client, input, clock?.now() ?? new Date()));
}

const MOVES: Record<CaseStatus, CaseStatus[]> = { open: ['investigating', 'closed'], investigating: ['closed'], closed: [] };

/**
 * open -> investigating -> closed. Closing needs a written conclusion (`client.reason_required`);
 * a closed case is final (`client.invalid_transition`).
 */
export async function changeCaseStatus(
  pool: pg.Pool,
  actor: CaseActor,
  caseId: string,
  change: { status: unknown; conclusion?: unknown; note?: unknown },
  clock: Clock,
): Promise<AuditCase> {
  if (!UUID.test(caseId)) throw new ProblemError('client.not_found', { detail: 'Cas introuvable.' });
  const status = change.status;
  if (status !== 'investigating' && status !== 'closed')
    throw new ProblemError('client.validation_failed', { errors: [{ pointer: '/status', detail: 'investigating ou closed' }] });
  const conclusion = typeof change.conclusion === 'string' ? change.conclusion.trim() : '';
  if (status === 'closed' && !conclusion)
    throw new ProblemError('client.reason_required', { detail: 'Une conclusion écrite est obligatoire pour clore un cas.' });
  if (conclusion.length > 4000)
    throw new ProblemError('client.validation_failed', { errors: [{ pointer: '/conclusion', detail: '4 000 caractères au plus' }] });
  const note = typeof change.note === 'string' && change.note.trim() ? change.note.trim().slice(0, 2000) : null;
  return withTransaction(pool, async (client) => {
    const c = await findCaseById(client, caseId, true);
    if (!c) throw new ProblemError('client.not_found', { detail: 'Cas introuvable.' });
    if (!MOVES[c.status].includes(status))
      throw new ProblemError('client.invalid_transition', { detail: `Un cas « ${c.status} » ne peut pas passer à « ${status} ».` });
    const at = clock.now();
    const updated = await updateCaseStatusById(client, caseId, status, status === 'closed' ? conclusion : null, at);
    await insertCaseEvent(client, {
      caseId,
      action: status === 'closed' ? 'close' : 'investigate',
      from: c.status,
      to: status,
      actorSub: actor.sub,
      actorName: actor.name ?? null,
      note: status === 'closed' ? conclusion : note,
      added: 0,
      at,
    });
    return updated!;
  });
}

export interface CasePage {
  items: AuditCase[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string];
    if (Number.isSafeInteger(at) && UUID.test(id)) return { at: new Date(at), id };
  } catch {
    /* falls through */
  }
  throw new ProblemError('client.invalid_parameter', {
    detail: 'Curseur de pagination invalide.',
    errors: [{ pointer: '/cursor', detail: 'curseur invalide' }],
  });
}

/** Cases, newest first, filtered by status, kind, contract or consumer; cursor pages. */
export async function listCases(
  pool: Queryable,
  filter: Partial<CaseFilter> = {},
  page: { cursor?: string | null; limit?: number } = {},
): Promise<CasePage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  if (filter.status && !['open', 'investigating', 'closed'].includes(filter.status))
    throw new ProblemError('client.invalid_parameter', { errors: [{ pointer: '/status', detail: 'open, investigating ou closed' }] });
  if (filter.contractId && !UUID.test(filter.contractId)) return { items: [], nextCursor: null };
  const f: CaseFilter = {
    status: filter.status ?? null,
    kind: filter.kind ?? null,
    contractId: filter.contractId ?? null,
    consumerSiret: filter.consumerSiret ?? null,
  };
  const rows = await listCasesByFilter(pool, f, page.cursor ? decodeCursor(page.cursor) : null, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? Buffer.from(JSON.stringify([Date.parse(last.openedAt), last.id])).toString('base64url') : null,
  };
}

export interface CaseDetail extends AuditCase {
  history: CaseHistoryEntry[];
  notifications: OutboxRow[];
}

/** One case with its history and the notifications it queued. */
export async function getCase(pool: Queryable, caseId: string): Promise<CaseDetail> {
  if (!UUID.test(caseId)) throw new ProblemError('client.not_found', { detail: 'Cas introuvable.' });
  const c = await findCaseById(pool, caseId);
  if (!c) throw new ProblemError('client.not_found', { detail: 'Cas introuvable.' });
  const [history, notifications] = await Promise.all([listCaseEventsByCase(pool, caseId), listNotificationsByCase(pool, caseId)]);
  return { ...c, history, notifications };
}

/** How many cases per status (console summary). */
export async function countCases(pool: Queryable): Promise<Record<CaseStatus, number>> {
  return countCasesByStatus(pool);
}
