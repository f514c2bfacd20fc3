/**
 * Routing: the competent administration for a dossier is the most specific active subscription
 * covering the applicant's commune, walking commune → département → région → national from the
 * procedure's routing level up. None → `client.no_competent_administration`.
 */
import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import { findRouteByTerritory } from './store/subscriptions.js';
import { levelsFrom, resolveCommune } from './territory.js';
import type { Procedure, RoutingLevel } from './types.js';

export interface Route {
  subscriptionId: string;
  subscriberSiret: string;
  subscriberName: string;
  deliveryMode: 'pull' | 'push';
  level: RoutingLevel;
  territory: string;
}

export async function routeDossier(
  ctx: { pool: pg.Pool },
  procedure: Pick<Procedure, 'code' | 'routingLevel'>,
  communeCode: string,
): Promise<Route> {
  const c = resolveCommune(communeCode);
  const r = await findRouteByTerritory(ctx.pool, procedure.code, levelsFrom(procedure.routingLevel), c.communes, c.departement, c.region);
  if (!r)
    throw new ProblemError('client.no_competent_administration', {
      detail: `Aucune administration abonnée à cette démarche pour la commune ${c.communes[0]}.`,
    });
  return {
    subscriptionId: r.id,
    subscriberSiret: r.subscriber_siret,
    subscriberName: r.subscriber_name,
    deliveryMode: r.delivery_mode,
    level: r.level as RoutingLevel,
    territory: r.code,
  };
}
