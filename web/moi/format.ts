const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });
const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** « lundi 23 novembre 2026 à 10:05 » (heure de Paris). */
export function dateTimeFr(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** « 23 novembre 2026 ». */
export function dateFr(iso: string): string {
  return DATE.format(new Date(iso));
}

/** A French list: « a, b et c ». */
export function listFr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

export const PERIOD_FR: Record<string, string> = { day: 'jour', week: 'semaine', month: 'mois', year: 'an' };
export const CONSENT_STATUS_FR: Record<string, { label: string; badge: string }> = {
  active: { label: 'Actif', badge: 'fr-badge--success' },
  paused: { label: 'Suspendu', badge: 'fr-badge--warning' },
  revoked: { label: 'Retiré', badge: 'fr-badge--error' },
  expired: { label: 'Expiré', badge: 'fr-badge--info' },
};
export const CASE_STATUS_FR: Record<string, string> = { open: 'Signalé — en attente d’examen', investigating: 'Signalé — en cours d’examen', closed: 'Signalé — dossier clos' };
