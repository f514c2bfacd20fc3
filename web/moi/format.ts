import { CONSENT_STATUS, PERIOD, formatDate, formatDateTimeLong } from '../french/index.js';

export { listFr } from '../french/index.js';

/** « lundi 23 novembre 2026 à 10:05 » (heure de Paris). */
export function dateTimeFr(iso: string): string {
  return formatDateTimeLong(iso);
}

/** « 23 novembre 2026 ». */
export function dateFr(iso: string): string {
  return formatDate(iso);
}

export const PERIOD_FR = PERIOD;
export const CONSENT_STATUS_FR = CONSENT_STATUS;
export const CASE_STATUS_FR: Record<string, string> = {
  open: 'Signalé — en attente d’examen',
  investigating: 'Signalé — en cours d’examen',
  closed: 'Signalé — dossier clos',
};
