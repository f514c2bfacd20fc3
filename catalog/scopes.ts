import type pg from 'pg';
import { ProblemError, compileValidator, type ProblemItem, withTransaction } from '../schemas/index.js';
import * as scopesStore from './store/scopes.js';
import * as endpointsStore from './store/endpoints.js';
import * as apisStore from './store/apis.js';
import { getApi } from './apis.js';
import type { Scope } from './types.js';

const validate = compileValidator<{ scopes: Scope[] }>('catalog-scopes.json');

/** The scopes of an API, by name. */
export async function listScopes(db: Pick<pg.Pool, 'query'>, apiSlug: string): Promise<Scope[]> {
  const api = await getApi(db, apiSlug);
  return scopesStore.listScopesByApiId(db, api.id);
}

/**
 * Replaces the scopes of an API. Each pointer must name a field of a response of the current
 * version (as listed at import, `*` for array items); a pointer naming nothing, or a duplicate
 * scope name, refuses the whole list with `client.invalid_scope` and one item per fault.
 */
export async function setScopes(db: pg.Pool, apiSlug: string, body: unknown): Promise<Scope[]> {
  const { scopes } = validate.assert(body);
  const api = await getApi(db, apiSlug);
  const fields = new Set((await endpointsStore.listEndpointFieldsByApiId(db, api.id)).flatMap((e) => e.fields));
  const errors: ProblemItem[] = [];
  const names = new Set<string>();
  scopes.forEach((s, i) => {
    if (names.has(s.name)) errors.push({ pointer: `/scopes/${i}/name`, detail: `périmètre « ${s.name} » déclaré deux fois` });
    names.add(s.name);
    s.pointers.forEach((p, j) => {
      if (!fields.has(p)) errors.push({ pointer: `/scopes/${i}/pointers/${j}`, detail: `aucun champ de réponse « ${p} »` });
    });
  });
  if (errors.length)
    throw new ProblemError('client.invalid_scope', {
      detail: `${errors.length} pointeur(s) ou nom(s) invalide(s) : ${errors[0]!.detail}.`,
      errors,
    });
  await withTransaction(db, async (client) => {
    await scopesStore.deleteScopesByApiId(client, api.id);
    await scopesStore.insertScopes(
      client,
      api.id,
      scopes.map((s) => ({ ...s, pointers: [...new Set(s.pointers)] })),
    );
    await apisStore.notifyApiChanged(client, apiSlug);
  });
  return scopesStore.listScopesByApiId(db, api.id);
}
