/** Trail filters and paging from a query string (REST, web), each value checked. */
import type { Request } from 'express';
import { ProblemError, type ProblemItem } from '../../schemas/index.js';
import { queryParam } from './query.js';
import type { TrailQuery } from '../services/citizen/trail.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(raw: string | undefined, name: string, errors: ProblemItem[]): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const d = new Date(`${raw}T00:00:00Z`);
  if (!DAY.test(raw) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
    errors.push({ pointer: `/${name}`, detail: 'date attendue au format AAAA-MM-JJ' });
    return undefined;
  }
  return d;
}

/**
 * `du` / `au` (days, inclusive, UTC), `administration` (SIRET of the consumer or producer),
 * `donnee` (data element id), `cursor`, `limit` (1–200, default 50). Bad values: 400
 * `client.invalid_parameter` listing each.
 */
export function readTrailQuery(req: Request): TrailQuery {
  const errors: ProblemItem[] = [];
  const du = queryParam(req, 'du'),
    au = queryParam(req, 'au');
  const administration = queryParam(req, 'administration') || undefined;
  const donnee = queryParam(req, 'donnee') || undefined;
  const from = day(du, 'du', errors);
  const untilDay = day(au, 'au', errors);
  const to = untilDay ? new Date(untilDay.getTime() + 86_400_000) : undefined;
  if (administration !== undefined && !/^\d{14}$/.test(administration))
    errors.push({ pointer: '/administration', detail: 'SIRET attendu (14 chiffres)' });
  if (donnee !== undefined && !/^[a-z][a-z0-9_]{0,63}$/.test(donnee))
    errors.push({ pointer: '/donnee', detail: 'identifiant de donnée invalide' });
  if (from && to && from >= to) errors.push({ pointer: '/du', detail: 'la date de début doit précéder la date de fin' });
  const rawLimit = queryParam(req, 'limit');
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) errors.push({ pointer: '/limit', detail: 'entier de 1 à 200' });
  if (errors.length)
    throw new ProblemError('client.invalid_parameter', { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
  return {
    filters: { from, to, administration, dataElement: donnee },
    raw: { du: du || undefined, au: au || undefined, administration, donnee },
    cursor: queryParam(req, 'cursor') || null,
    limit,
  };
}
