/**
 * Deposit of a dossier by a front office. The checks run in this order, each refusing with its
 * own code and storing nothing:
 *   idempotency key → procedure active → form valid (French messages) → commune known →
 *   competent subscriber (most specific active subscription) → each attachment sniffed, limited,
 *   inflated if an archive, staged → same key already used? same content: that dossier; other
 *   content: `client.idempotency_conflict` → blobs published → ledger events
 *   durable, then dossier inserted and COMMIT (docs/architecture.md, "No data without a trace":
 *   the deposit commits only once its events are committed; a crash before COMMIT leaves only
 *   unreferenced blobs, which the orphan sweep removes).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { canonicalCompany, compileValidator, ProblemError, subjectRef, type PersonPivot, type Subject } from '../schemas/index.js';
import { inspectAttachment, type AttachmentInput } from './attachment.js';
import type { StagedBlob } from './blob-store.js';
import { dossierEvent } from './events.js';
import { validateForm } from './form.js';
import { jsonSha256, sealPayload } from './payload.js';
import { getProcedure } from './procedures.js';
import { routeDossier } from './routing.js';
import { findDossierByIdempotencyKey, insertDossierWithAttachments, type DossierRow } from './store/dossiers.js';
import { findSubscriptionById } from './store/subscriptions.js';
import type { FlowActor, FlowsContext } from './types.js';

export interface DepositInput {
  procedureCode: string;
  /** COG code of the commune routing is based on (residence, birth… as the procedure says). */
  communeCode: string;
  applicant: Subject;
  form: Record<string, unknown>;
}

/** The front office depositing: its OAuth client and, when known, its organisation. */
export interface Depositor {
  clientId: string;
  siret?: string | null;
}

export interface DepositResult {
  dossierId: string;
  subscriptionId: string;
  subscriberSiret: string;
  subscriberName: string;
  depositedAt: Date;
  /** True when this answers a replay of an earlier deposit (same key, same content). */
  replayed: boolean;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const validateShape = compileValidator<DepositInput>({
  type: 'object',
  additionalProperties: false,
  required: ['procedureCode', 'communeCode', 'applicant', 'form'],
  properties: {
    procedureCode: { type: 'string', maxLength: 64 },
    communeCode: { type: 'string', maxLength: 10 },
    applicant: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'pivot'],
          properties: { kind: { const: 'person' }, pivot: { type: 'object' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'siren'],
          properties: { kind: { const: 'company' }, siren: { type: 'string', maxLength: 20 } },
        },
      ],
    },
    form: { type: 'object' },
  },
});
const validatePivot = compileValidator<PersonPivot>('identite-pivot.json');

function checkApplicant(a: Subject): Subject {
  if (a.kind === 'person') return { kind: 'person', pivot: validatePivot.assert(a.pivot) };
  return { kind: 'company', siren: canonicalCompany(a.siren) };
}

interface Received {
  n: number;
  filename: string;
  mediaType: string;
  sha256: string;
  size: number;
  staged: StagedBlob | null;
}

async function hashOnly(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Receives every attachment: staged in the blob store, or only hashed when answering a replay. */
async function receiveAttachments(
  ctx: FlowsContext,
  attachments: AsyncIterable<AttachmentInput> | Iterable<AttachmentInput>,
  rules: Parameters<typeof inspectAttachment>[1],
  stage: boolean,
): Promise<Received[]> {
  const received: Received[] = [];
  try {
    for await (const a of attachments) {
      const n = received.length + 1;
      if (n > rules.maxCount) {
        a.content.destroy();
        throw new ProblemError('client.validation_failed', {
          detail: `Au plus ${rules.maxCount} pièces jointes.`,
          errors: [{ pointer: '/attachments', detail: 'trop de pièces jointes' }],
        });
      }
      const inspected = await inspectAttachment(a, rules, n);
      if (stage) {
        const staged = await ctx.blobs.stage(inspected.stream);
        received.push({
          n,
          filename: inspected.filename,
          mediaType: inspected.mediaType,
          sha256: staged.sha256,
          size: staged.size,
          staged,
        });
      } else {
        received.push({
          n,
          filename: inspected.filename,
          mediaType: inspected.mediaType,
          ...(await hashOnly(inspected.stream)),
          staged: null,
        });
      }
    }
  } catch (err) {
    await Promise.all(received.map((r) => r.staged?.discard()));
    throw err;
  }
  return received;
}

function requestDigest(input: DepositInput, ref: string, formSha256: string, received: Received[]): string {
  return jsonSha256({
    procedureCode: input.procedureCode,
    communeCode: input.communeCode.toUpperCase(),
    subjectRef: ref,
    formSha256,
    attachments: received.map((r) => ({ filename: r.filename, mediaType: r.mediaType, sha256: r.sha256, size: r.size })),
  }).sha256;
}

function replay(existing: DossierRow, digest: string, subscriberName: string): DepositResult {
  if (existing.request_sha256 !== digest) {
    throw new ProblemError('client.idempotency_conflict', { detail: 'Cette clé d’idempotence a déjà servi pour un autre contenu.' });
  }
  return {
    dossierId: existing.id,
    subscriptionId: existing.subscription_id,
    subscriberSiret: existing.subscriber_siret,
    subscriberName,
    depositedAt: existing.deposited_at,
    replayed: true,
  };
}

async function subscriberNameOf(ctx: FlowsContext, subscriptionId: string): Promise<string> {
  return (await findSubscriptionById(ctx.pool, subscriptionId))?.subscriber_name ?? '';
}

/**
 * Deposits a dossier. Attachments are consumed one after the other, each fully before the next
 * (a multipart parser hands them over in that order).
 */
export async function depositDossier(
  ctx: FlowsContext,
  o: {
    depositor: Depositor;
    idempotencyKey: string;
    input: DepositInput;
    attachments?: AsyncIterable<AttachmentInput> | Iterable<AttachmentInput>;
  },
): Promise<DepositResult> {
  if (typeof o.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(o.idempotencyKey)) {
    throw new ProblemError('client.invalid_request', {
      detail: 'En-tête Idempotency-Key obligatoire (1 à 200 caractères ASCII visibles).',
    });
  }
  const input = validateShape.assert(o.input);
  const applicant = checkApplicant(input.applicant);
  const ref = subjectRef(ctx.subjectSecret, applicant);
  const procedure = await getProcedure(ctx, input.procedureCode);
  const existing = await findDossierByIdempotencyKey(ctx.pool, o.depositor.clientId, o.idempotencyKey);
  if (existing) {
    const received = await receiveAttachments(ctx, o.attachments ?? [], procedure.attachments, false);
    const digest = requestDigest(input, ref, jsonSha256(input.form).sha256, received);
    return replay(existing, digest, await subscriberNameOf(ctx, existing.subscription_id));
  }
  if (procedure.status !== 'active') throw new ProblemError('client.not_found', { detail: 'Démarche retirée.' });
  const form = validateForm(procedure.code, procedure.formSchema, input.form);
  const route = await routeDossier(ctx, procedure, input.communeCode);
  const received = await receiveAttachments(ctx, o.attachments ?? [], procedure.attachments, true);
  const formDigest = jsonSha256(form);
  const digest = requestDigest(input, ref, formDigest.sha256, received);
  const id = randomUUID();
  const now = ctx.clock.now();
  try {
    for (const r of received) await r.staged!.publish();
  } catch (err) {
    await Promise.all(received.map((r) => r.staged!.discard()));
    throw err;
  }
  const actor: FlowActor = {
    kind: 'client',
    id: o.depositor.clientId,
    ...(o.depositor.siret ? { organisationSiret: o.depositor.siret } : {}),
  };
  const facts = {
    dossierId: id,
    at: now,
    actor,
    procedureCode: procedure.code,
    subscriberSiret: route.subscriberSiret,
    subjectRef: ref,
    subjectKind: applicant.kind,
    depositorSiret: o.depositor.siret ?? null,
    clientId: o.depositor.clientId,
  } as const;
  // Recorded first, committed after: a crash in between leaves events of a deposit that never
  // committed (and orphan blobs), never a dossier without its trace. No connection is held
  // while the ledger's group commit runs.
  await Promise.all([
    ctx.ledger.append(
      dossierEvent({
        ...facts,
        action: 'deposited',
        bodySha256: digest,
        detail: {
          commune: input.communeCode.toUpperCase(),
          formSha256: formDigest.sha256,
          formSize: formDigest.size,
          attachments: received.map((r) => ({ n: r.n, mediaType: r.mediaType, size: r.size, sha256: r.sha256 })),
        },
      }),
    ),
    ctx.ledger.append(
      dossierEvent({
        ...facts,
        action: 'routed',
        detail: { subscriptionId: route.subscriptionId, level: route.level, territory: route.territory },
      }),
    ),
  ]);
  try {
    await insertDossierWithAttachments(
      ctx.pool,
      {
        id,
        procedure_code: procedure.code,
        subscription_id: route.subscriptionId,
        subscriber_siret: route.subscriberSiret,
        depositor_client_id: o.depositor.clientId,
        depositor_siret: o.depositor.siret ?? null,
        idempotency_key: o.idempotencyKey,
        request_sha256: digest,
        commune_code: input.communeCode.toUpperCase(),
        subject_ref: ref,
        subject_kind: applicant.kind,
        form_sealed: sealPayload(ctx.sealer, id, { applicant, form }),
        form_sha256: formDigest.sha256,
        form_size: formDigest.size,
        deposited_at: now,
      },
      received.map((r) => ({ n: r.n, filename: r.filename, media_type: r.mediaType, size: String(r.size), sha256: r.sha256 })),
      route.deliveryMode === 'push' ? route.subscriptionId : null,
    );
  } catch (err) {
    if ((err as { code?: string; constraint?: string }).code === '23505') {
      // A concurrent deposit with the same key won: answer as a replay.
      const winner = await findDossierByIdempotencyKey(ctx.pool, o.depositor.clientId, o.idempotencyKey);
      if (winner) return replay(winner, digest, await subscriberNameOf(ctx, winner.subscription_id));
    }
    throw err;
  }
  return {
    dossierId: id,
    subscriptionId: route.subscriptionId,
    subscriberSiret: route.subscriberSiret,
    subscriberName: route.subscriberName,
    depositedAt: now,
    replayed: false,
  };
}
