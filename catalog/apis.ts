import type pg from 'pg';
import { ProblemError, compileValidator } from '../schemas/index.js';
import * as store from './store/apis.js';
import type { Api, ApiContact, ApiRetention, Lifecycle } from './types.js';
import { invalidateResolvedApi } from './resolve-endpoint.js';

export interface ApiInput {
  slug: string;
  producerSiret: string;
  title: string;
  description?: string;
  access: Api['access'];
  sensitivity: Api['sensitivity'];
  subjectKind: Api['subjectKind'];
  consentPolicy: Api['consentPolicy'];
  proactive?: boolean;
  rateLimitPerMinute?: number;
  contact?: ApiContact | null;
  documentationUrl?: string | null;
  retention?: ApiRetention | null;
}
export type ApiPatch = Partial<Omit<ApiInput, 'slug' | 'producerSiret'>>;

const validateInput = compileValidator<ApiInput>('catalog-api.json');

/**
 * The connector of an API is not part of what its producer describes: only the operator binds
 * it, within the declared targets (docs/architecture.md, "Connectors"). A producer's document
 * naming one is refused, never silently ignored.
 */
function refuseConnector(input: unknown): void {
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, 'connector')) {
    throw new ProblemError('client.connector_not_editable', {
      detail:
        'Le connecteur d’une API est lié par l’opérateur de la plateforme (PUT /v1/operator/apis/{slug}/connector), dans les cibles qu’il a déclarées.',
      errors: [{ pointer: '/connector', detail: 'propriété réservée à l’opérateur' }],
    });
  }
}
const validatePatch = compileValidator<ApiPatch>('catalog-api-patch.json');

/** A retention's minimum may not exceed its maximum (the schema checks each bound alone). */
function checkRetention(r: ApiRetention | null | undefined): void {
  if (r && r.minDays > r.maxDays)
    throw new ProblemError('client.validation_failed', {
      detail: 'La durée minimale de conservation dépasse la durée maximale.',
      errors: [{ pointer: '/retention/minDays', detail: 'doit être inférieure ou égale à la durée maximale' }],
    });
}

/** Lifecycles anyone may read; drafts and retired APIs are for their producer and admins. */
export const PUBLIC_LIFECYCLES: Lifecycle[] = ['published', 'deprecated'];
const DEFAULT_RATE_LIMIT = 600;

export function toApi(r: store.ApiRow): Api {
  return {
    id: r.id,
    slug: r.slug,
    producerSiret: r.producer_siret,
    title: r.title,
    description: r.description,
    version: r.version,
    lifecycle: r.lifecycle as Lifecycle,
    sunsetDate: r.sunset_date,
    deprecationNotice: r.deprecation_notice,
    access: r.access as Api['access'],
    sensitivity: r.sensitivity as Api['sensitivity'],
    subjectKind: r.subject_kind as Api['subjectKind'],
    consentPolicy: r.consent_policy as Api['consentPolicy'],
    proactive: r.proactive,
    rateLimitPerMinute: r.rate_limit_per_minute,
    contact: (r.contact as ApiContact | null) ?? null,
    documentationUrl: r.documentation_url,
    retention:
      r.retention_min_days === null || r.retention_max_days === null
        ? null
        : { minDays: r.retention_min_days, maxDays: r.retention_max_days },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Declares an API (lifecycle `draft`); `client.conflict` when the slug is taken, `client.not_found` for an unknown producer. */
export async function createApi(db: pg.Pool, input: unknown): Promise<Api> {
  refuseConnector(input);
  const v = validateInput.assert(input);
  checkRetention(v.retention);
  let row: store.ApiRow | null;
  try {
    row = await store.insertApi(db, {
      ...v,
      description: v.description ?? '',
      proactive: v.proactive ?? false,
      rateLimitPerMinute: v.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT,
      contact: v.contact ?? null,
      documentationUrl: v.documentationUrl ?? null,
      retention: v.retention ?? null,
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23503')
      throw new ProblemError('client.not_found', { detail: `Aucune organisation ${v.producerSiret}.` });
    throw err;
  }
  if (!row) throw new ProblemError('client.conflict', { detail: `L’API « ${v.slug} » existe déjà.` });
  return toApi(row);
}

/** The API of that slug, whatever its lifecycle (callers decide who may see drafts); `client.not_found` otherwise. */
export async function getApi(db: Pick<pg.Pool, 'query'>, slug: string): Promise<Api> {
  const row = /^[a-z0-9-]{1,64}$/.test(slug) ? await store.findApiBySlug(db, slug) : null;
  if (!row) throw new ProblemError('client.not_found', { detail: `Aucune API « ${slug.slice(0, 64)} ».` });
  return toApi(row);
}

export async function listApis(
  db: pg.Pool,
  filter: { lifecycles?: Lifecycle[] | null; producerSiret?: string | null } = {},
): Promise<Api[]> {
  return (await store.listApisByFilter(db, { lifecycles: filter.lifecycles ?? null, producer: filter.producerSiret ?? null })).map(toApi);
}

export async function updateApi(db: pg.Pool, slug: string, patch: unknown): Promise<Api> {
  refuseConnector(patch);
  const p = validatePatch.assert(patch);
  checkRetention(p.retention);
  const current = await getApi(db, slug);
  const row = await store.updateApiBySlug(db, slug, {
    title: p.title ?? current.title,
    description: p.description ?? current.description,
    access: p.access ?? current.access,
    sensitivity: p.sensitivity ?? current.sensitivity,
    subjectKind: p.subjectKind ?? current.subjectKind,
    consentPolicy: p.consentPolicy ?? current.consentPolicy,
    proactive: p.proactive ?? current.proactive,
    rateLimitPerMinute: p.rateLimitPerMinute ?? current.rateLimitPerMinute,
    contact: 'contact' in p ? p.contact : current.contact,
    documentationUrl: 'documentationUrl' in p ? (p.documentationUrl ?? null) : current.documentationUrl,
    retention: 'retention' in p ? (p.retention ?? null) : current.retention,
  });
  if (!row) throw new ProblemError('client.not_found', { detail: `Aucune API « ${slug} ».` });
  await store.notifyApiChanged(db, slug);
  invalidateResolvedApi(slug);
  return toApi(row);
}

/** The stored connector binding of an API (opaque to the catalogue; sealed by the connectors domain), or null. */
export async function getApiConnector(db: Pick<pg.Pool, 'query'>, slug: string): Promise<unknown> {
  await getApi(db, slug);
  return store.findApiConnectorBySlug(db, slug);
}

/** Sets the connector binding of an API (the operator's, through the connectors domain; never a producer's). */
export async function setApiConnector(db: pg.Pool, slug: string, connector: unknown): Promise<void> {
  if (!(await store.updateApiConnectorBySlug(db, slug, connector)))
    throw new ProblemError('client.not_found', { detail: `Aucune API « ${slug} ».` });
  await store.notifyApiChanged(db, slug);
  invalidateResolvedApi(slug);
}

/** The retention each API declares (APIs without one use the platform default), by slug. */
export async function listApiRetentions(db: Pick<pg.Pool, 'query'>): Promise<Map<string, ApiRetention>> {
  return new Map(
    (await store.listApiRetentionRows(db)).map((r) => [r.slug, { minDays: r.retention_min_days, maxDays: r.retention_max_days }]),
  );
}
