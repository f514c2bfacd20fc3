/**
 * Procedures (démarches) declared by the operator. Rules: the code is a stable slug; the form
 * schema must compile (JSON Schema 2020-12); linked data elements exist in the catalogue's
 * dictionary; attachments are allowlisted by sniffed media type,
 * each with its size limit; ZIP archives must declare their inflation limits; compressed formats
 * that are not inflated on the way in are refused.
 */
import type pg from 'pg';
import { getDataElement } from '../catalog/index.js';
import { compileValidator, ProblemError, type Clock } from '../schemas/index.js';
import { compileForm } from './form.js';
import {
  findProcedureByCode,
  insertProcedure,
  listProcedures as listProcedureRows,
  updateProcedureStatusByCode,
  type ProcedureRow,
} from './store/procedures.js';
import type { AttachmentRules, Procedure, ProcedureInput } from './types.js';

const validateInput = compileValidator<ProcedureInput>({
  type: 'object',
  additionalProperties: false,
  required: ['code', 'title', 'ownerSiret', 'formSchema', 'attachments', 'routingLevel', 'dataElements', 'retentionDays'],
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,63}$' },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    ownerSiret: { type: 'string', format: 'siret' },
    formSchema: { type: 'object' },
    attachments: {
      type: 'object',
      additionalProperties: false,
      required: ['allowed', 'maxCount'],
      properties: {
        allowed: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['mediaType', 'maxBytes'],
            properties: {
              mediaType: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+-]+$' },
              maxBytes: { type: 'integer', minimum: 1, maximum: 4294967296 },
            },
          },
        },
        maxCount: { type: 'integer', minimum: 0, maximum: 20 },
        archive: {
          type: 'object',
          additionalProperties: false,
          required: ['maxEntries', 'maxUncompressedBytes', 'maxRatio'],
          properties: {
            maxEntries: { type: 'integer', minimum: 1 },
            maxUncompressedBytes: { type: 'integer', minimum: 1 },
            maxRatio: { type: 'number', minimum: 1 },
          },
        },
      },
    },
    routingLevel: { enum: ['commune', 'departement', 'region', 'national'] },
    dataElements: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 200 } },
    retentionDays: { type: 'integer', minimum: 0, maximum: 36500 },
  },
});

/** Compressed formats whose content is not inflated on the way in (bombs would pass): refused. */
const OPAQUE_ARCHIVES = new Set([
  'application/gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/x-tar',
  'application/zstd',
  'application/x-lzip',
  'application/x-compress',
]);

/** Each linked element must exist in the catalogue's data dictionary. */
async function checkDataElements(pool: pg.Pool, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    try {
      await getDataElement(pool, id);
    } catch (err) {
      if (!(err instanceof ProblemError) || err.code !== 'client.not_found') throw err;
      throw new ProblemError('client.validation_failed', {
        detail: `Donnée inconnue du dictionnaire : ${id.slice(0, 64)}.`,
        errors: [{ pointer: `/dataElements/${i}`, detail: 'absente du dictionnaire' }],
      });
    }
  }
}

export function toProcedure(r: ProcedureRow): Procedure {
  return {
    code: r.code,
    title: r.title,
    ownerSiret: r.owner_siret,
    formSchema: r.form_schema,
    attachments: r.attachment_rules as AttachmentRules,
    routingLevel: r.routing_level,
    dataElements: r.data_elements,
    retentionDays: r.retention_days,
    status: r.status,
    createdAt: r.created_at,
  };
}

/** Declares a procedure (operator). A duplicate code → `client.conflict`. */
export async function declareProcedure(ctx: { pool: pg.Pool; clock: Clock }, input: ProcedureInput): Promise<Procedure> {
  const p = validateInput.assert(input);
  if (p.attachments.allowed.some((a) => a.mediaType === 'application/zip') && !p.attachments.archive) {
    throw new ProblemError('client.validation_failed', {
      detail: 'Les archives autorisées doivent déclarer leurs limites de décompression.',
      errors: [{ pointer: '/attachments/archive', detail: 'obligatoire' }],
    });
  }
  const opaque = p.attachments.allowed.find((a) => OPAQUE_ARCHIVES.has(a.mediaType));
  if (opaque) {
    throw new ProblemError('client.validation_failed', {
      detail: `Type ${opaque.mediaType} non inspectable : seules les archives ZIP sont acceptées.`,
      errors: [{ pointer: '/attachments/allowed', detail: 'archive non inspectable' }],
    });
  }
  compileForm(p.code, p.formSchema);
  await checkDataElements(ctx.pool, p.dataElements);
  const row: ProcedureRow = {
    code: p.code,
    title: p.title,
    owner_siret: p.ownerSiret,
    form_schema: p.formSchema,
    attachment_rules: p.attachments,
    routing_level: p.routingLevel,
    data_elements: p.dataElements,
    retention_days: p.retentionDays,
    status: 'active',
    created_at: ctx.clock.now(),
  };
  try {
    await insertProcedure(ctx.pool, row);
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new ProblemError('client.conflict', { detail: `La démarche ${p.code} existe déjà.` });
    throw err;
  }
  return toProcedure(row);
}

/** A procedure by code; unknown → `client.not_found`. */
export async function getProcedure(ctx: { pool: pg.Pool }, code: string): Promise<Procedure> {
  const r = await findProcedureByCode(ctx.pool, code);
  if (!r) throw new ProblemError('client.not_found', { detail: 'Démarche inconnue.' });
  return toProcedure(r);
}

export async function listProcedures(ctx: { pool: pg.Pool }): Promise<Procedure[]> {
  return (await listProcedureRows(ctx.pool)).map(toProcedure);
}

/** Retires a procedure: no new deposit; dossiers already deposited keep flowing. */
export async function retireProcedure(ctx: { pool: pg.Pool }, code: string): Promise<void> {
  if (!(await updateProcedureStatusByCode(ctx.pool, code, 'retired')))
    throw new ProblemError('client.not_found', { detail: 'Démarche inconnue.' });
}
