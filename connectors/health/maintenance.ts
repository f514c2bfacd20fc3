import type pg from 'pg';
import { ProblemError } from '../../schemas/index.js';
import {
  deleteMaintenanceWindowById,
  findActiveMaintenanceWindowByProducer,
  insertMaintenanceWindow,
  listMaintenanceWindowsByProducer,
  type MaintenanceWindow,
} from '../store/maintenance.js';

/** Longest window a producer may declare at once (a longer outage is a lifecycle matter). */
export const MAX_WINDOW_DAYS = 14;

export interface MaintenanceWindowInput {
  startsAt: string;
  endsAt: string;
  reason: string;
}

/** Declares a maintenance window (validated body; dates checked here). */
export async function declareMaintenanceWindow(
  pool: pg.Pool,
  producerSiret: string,
  input: MaintenanceWindowInput,
  createdBy: string,
  now: Date,
): Promise<MaintenanceWindow> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()))
    throw new ProblemError('client.validation_failed', {
      detail: 'Dates invalides.',
      errors: [{ pointer: '/startsAt', detail: 'date-time attendue' }],
    });
  if (endsAt <= startsAt)
    throw new ProblemError('client.validation_failed', {
      detail: 'La fin doit suivre le début.',
      errors: [{ pointer: '/endsAt', detail: 'doit être postérieure à startsAt' }],
    });
  if (endsAt <= now)
    throw new ProblemError('client.validation_failed', {
      detail: 'La fenêtre est déjà passée.',
      errors: [{ pointer: '/endsAt', detail: 'doit être dans le futur' }],
    });
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_DAYS * 86_400_000)
    throw new ProblemError('client.validation_failed', {
      detail: `Une fenêtre dure au plus ${MAX_WINDOW_DAYS} jours.`,
      errors: [{ pointer: '/endsAt', detail: `au plus ${MAX_WINDOW_DAYS} jours après startsAt` }],
    });
  return insertMaintenanceWindow(pool, { producerSiret, startsAt, endsAt, reason: input.reason, createdBy });
}

export function listMaintenanceWindows(pool: pg.Pool, producerSiret: string, now: Date): Promise<MaintenanceWindow[]> {
  return listMaintenanceWindowsByProducer(pool, producerSiret, now);
}

/** True inside a declared window (the exchange answers `provider.maintenance` then). */
export async function isInMaintenance(pool: pg.Pool, producerSiret: string, at: Date): Promise<boolean> {
  return (await findActiveMaintenanceWindowByProducer(pool, producerSiret, at)) !== null;
}

export async function cancelMaintenanceWindow(pool: pg.Pool, producerSiret: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !(await deleteMaintenanceWindowById(pool, producerSiret, id)))
    throw new ProblemError('client.not_found', { detail: 'Fenêtre de maintenance inconnue.' });
}
