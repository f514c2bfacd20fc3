/**
 * Objections to proactive exchanges (CRPA L114-8 II): an administration may fetch data about a
 * person to offer them a benefit they did not ask for only while the person, informed, does
 * not object. Rules:
 * - an objection targets an API, every API of a producer, or a consumer; it covers some data
 *   elements or (empty list) all of them;
 * - it is an immutable, versioned record: withdrawing appends version + 1 (`withdrawn`);
 * - every change appends a `consent.event` to the ledger in the same transaction (action
 *   `objected` / `objection_withdrawn`): no objection changes without its trace;
 * - no reason is asked nor stored: the consumer learns only that the person objected;
 * - a person reaches only their own objections (another's id is `client.not_found`).
 * Enforcement at exchange time is `decideExchange` (decide.ts).
 */
import { randomUUID } from 'node:crypto';
import { ProblemError, isValidSiret } from '../schemas/index.js';
import {
  findLatestObjectionByIdForUpdate,
  insertObjectionVersion,
  listLatestObjectionsBySubjectRefs,
  listObjectionVersionsById,
  type ObjectionRow,
} from './store/objections.js';
import { inTransaction, isUuid } from './transaction.js';
import type { ConsentActor, ConsentContext, ConsentLedgerEvent } from './types.js';

export type ObjectionTarget =
  { kind: 'api'; apiSlug: string } | { kind: 'producer'; producerSiret: string } | { kind: 'consumer'; consumerSiret: string };

export interface Objection {
  id: string;
  version: number;
  subjectRef: string;
  target: ObjectionTarget;
  /** Empty: every data element. */
  dataElements: string[];
  status: 'active' | 'withdrawn';
  actor: ConsentActor;
  createdAt: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const ELEMENT = /^[a-z0-9_]{1,100}$/;

export function toObjection(r: ObjectionRow): Objection {
  const target: ObjectionTarget =
    r.target_kind === 'api'
      ? { kind: 'api', apiSlug: r.target }
      : r.target_kind === 'producer'
        ? { kind: 'producer', producerSiret: r.target }
        : { kind: 'consumer', consumerSiret: r.target };
  return {
    id: r.id,
    version: r.version,
    subjectRef: r.subject_ref,
    target,
    dataElements: r.data_elements,
    status: r.status,
    actor: r.actor,
    createdAt: r.created_at.toISOString(),
  };
}

function targetColumns(t: ObjectionTarget): { kind: ObjectionRow['target_kind']; value: string } {
  const bad = (pointer: string, detail: string) => new ProblemError('client.validation_failed', { detail, errors: [{ pointer, detail }] });
  switch (t?.kind) {
    case 'api':
      if (typeof t.apiSlug !== 'string' || !SLUG.test(t.apiSlug)) throw bad('/target/apiSlug', 'identifiant d’API invalide');
      return { kind: 'api', value: t.apiSlug };
    case 'producer':
      if (typeof t.producerSiret !== 'string' || !isValidSiret(t.producerSiret)) throw bad('/target/producerSiret', 'SIRET invalide');
      return { kind: 'producer', value: t.producerSiret };
    case 'consumer':
      if (typeof t.consumerSiret !== 'string' || !isValidSiret(t.consumerSiret)) throw bad('/target/consumerSiret', 'SIRET invalide');
      return { kind: 'consumer', value: t.consumerSiret };
    default:
      throw bad('/target/kind', 'api, producer ou consumer');
  }
}

function objectionEvent(
  r: ObjectionRow,
  action: 'objected' | 'objection_withdrawn',
  subjectKind: 'person' | 'company',
): ConsentLedgerEvent {
  return {
    id: randomUUID(),
    type: 'consent.event',
    occurredAt: r.created_at,
    actor: r.actor,
    subjectRef: r.subject_ref,
    subjectKind,
    ...(r.target_kind === 'api' ? { apiSlug: r.target } : {}),
    ...(r.target_kind === 'consumer' ? { consumerSiret: r.target } : {}),
    dataElements: r.data_elements,
    detail: { action, objectionId: r.id, version: r.version, target: { kind: r.target_kind, id: r.target } },
  };
}

/**
 * Records the person's objection (version 1), traced in the ledger. An identical objection
 * already in force is returned as is (a second click changes nothing).
 */
export async function objectTo(
  ctx: ConsentContext,
  o: { subjectRef: string; subjectKind?: 'person' | 'company'; target: ObjectionTarget; dataElements?: string[]; actor: ConsentActor },
): Promise<{ objection: Objection; created: boolean }> {
  if (!/^[0-9a-f]{64}$/.test(o.subjectRef)) throw new TypeError('objectTo: subjectRef must be 64 hex characters');
  const target = targetColumns(o.target);
  const elements = [...new Set(o.dataElements ?? [])].sort();
  const badElement = elements.findIndex((e) => typeof e !== 'string' || !ELEMENT.test(e));
  if (badElement >= 0)
    throw new ProblemError('client.validation_failed', {
      detail: 'Donnée invalide.',
      errors: [{ pointer: `/dataElements/${badElement}`, detail: 'identifiant de donnée invalide' }],
    });
  return inTransaction(ctx.pool, async (client) => {
    // One objection per subject changes at a time: the same subject's concurrent clicks queue here.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 16))', [o.subjectRef]);
    const same = (await listLatestObjectionsBySubjectRefs(client, [o.subjectRef])).find(
      (r) =>
        r.status === 'active' &&
        r.target_kind === target.kind &&
        r.target === target.value &&
        r.data_elements.join(',') === elements.join(','),
    );
    if (same) return { objection: toObjection(same), created: false };
    const row: ObjectionRow = {
      id: randomUUID(),
      version: 1,
      subject_ref: o.subjectRef,
      target_kind: target.kind,
      target: target.value,
      data_elements: elements,
      status: 'active',
      actor: o.actor,
      created_at: ctx.clock.now(),
    };
    await insertObjectionVersion(client, row);
    await ctx.recordConsentEvent(objectionEvent(row, 'objected', o.subjectKind ?? 'person'));
    return { objection: toObjection(row), created: true };
  });
}

/** Withdraws one of the person's objections: version + 1 `withdrawn`, traced in the ledger. */
export async function withdrawObjection(
  ctx: ConsentContext,
  o: { subjectRefs: string[]; objectionId: string; actor: ConsentActor; subjectKind?: 'person' | 'company' },
): Promise<Objection> {
  if (!isUuid(o.objectionId)) throw new ProblemError('client.not_found', { detail: 'Opposition introuvable.' });
  return inTransaction(ctx.pool, async (client) => {
    const current = await findLatestObjectionByIdForUpdate(client, o.objectionId);
    if (!current || !o.subjectRefs.includes(current.subject_ref))
      throw new ProblemError('client.not_found', { detail: 'Opposition introuvable.' });
    if (current.status !== 'active')
      throw new ProblemError('client.invalid_transition', {
        detail: 'Cette opposition est déjà levée.',
        extensions: { status: current.status },
      });
    const next: ObjectionRow = {
      ...current,
      version: current.version + 1,
      status: 'withdrawn',
      actor: o.actor,
      created_at: ctx.clock.now(),
    };
    await insertObjectionVersion(client, next);
    await ctx.recordConsentEvent(objectionEvent(next, 'objection_withdrawn', o.subjectKind ?? 'person'));
    return toObjection(next);
  });
}

/** The person's objections (latest versions, active and withdrawn), newest first. */
export async function listMyObjections(ctx: Pick<ConsentContext, 'pool'>, subjectRefs: string[]): Promise<Objection[]> {
  if (subjectRefs.length === 0) return [];
  return (await listLatestObjectionsBySubjectRefs(ctx.pool, subjectRefs)).map(toObjection);
}

/** Every version of one of the person's objections, oldest first; `client.not_found` otherwise. */
export async function getObjectionHistory(
  ctx: Pick<ConsentContext, 'pool'>,
  subjectRefs: string[],
  objectionId: string,
): Promise<Objection[]> {
  const rows = isUuid(objectionId) ? await listObjectionVersionsById(ctx.pool, objectionId) : [];
  if (rows.length === 0 || !subjectRefs.includes(rows[0]!.subject_ref))
    throw new ProblemError('client.not_found', { detail: 'Opposition introuvable.' });
  return rows.map(toObjection);
}
