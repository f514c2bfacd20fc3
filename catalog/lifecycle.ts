import type pg from 'pg';
import { ProblemError, compileValidator } from '../schemas/index.js';
import * as store from './store/apis.js';
import { getApi, toApi } from './apis.js';
import { invalidateResolvedApi } from './resolve-endpoint.js';
import type { Api, Lifecycle } from './types.js';

export interface LifecycleTransition {
  to: Exclude<Lifecycle, 'draft'>;
  sunsetDate?: string;
  notice?: string;
}

const validate = compileValidator<LifecycleTransition>('catalog-lifecycle.json');

/** Allowed moves: draft → published → deprecated → retired (deprecated may return to published; published may retire at once). */
const NEXT: Record<Lifecycle, Lifecycle[]> = {
  draft: ['published'],
  published: ['deprecated', 'retired'],
  deprecated: ['published', 'retired'],
  retired: [],
};

/**
 * Moves an API along its lifecycle. Publishing needs an imported OpenAPI document; deprecating
 * needs a sunset date and a notice (returned to callers by the exchange until retirement).
 */
export async function transitionApi(db: pg.Pool, slug: string, body: unknown): Promise<Api> {
  const t = validate.assert(body);
  const api = await getApi(db, slug);
  if (!NEXT[api.lifecycle].includes(t.to)) {
    throw new ProblemError('client.invalid_transition', { detail: `Passage de « ${api.lifecycle} » à « ${t.to} » impossible.` });
  }
  if (t.to === 'published' && !api.version) {
    throw new ProblemError('client.invalid_transition', { detail: 'Importez un document OpenAPI avant de publier l’API.' });
  }
  if (t.to === 'deprecated' && (!t.sunsetDate || !t.notice)) {
    throw new ProblemError('client.validation_failed', {
      detail: 'Une API dépréciée annonce sa date de fin et un avis.',
      errors: [
        ...(t.sunsetDate ? [] : [{ pointer: '/sunsetDate', detail: 'obligatoire' }]),
        ...(t.notice ? [] : [{ pointer: '/notice', detail: 'obligatoire' }]),
      ],
    });
  }
  const keep = t.to === 'deprecated' || t.to === 'retired';
  const row = await store.updateApiLifecycleBySlug(db, slug, {
    lifecycle: t.to,
    sunsetDate: t.to === 'deprecated' ? t.sunsetDate! : keep ? api.sunsetDate : null,
    notice: t.to === 'deprecated' ? t.notice! : keep ? api.deprecationNotice : null,
  });
  await store.notifyApiChanged(db, slug);
  invalidateResolvedApi(slug);
  return toApi(row!);
}
