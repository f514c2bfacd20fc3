/** French labels of the catalogue's enumerations: the shared tables (web/french). */
import { ACCESS, CONSENT_POLICY, LIFECYCLE, SENSITIVITY, SUBJECT_KIND, badgeOf } from '../french/index.js';

export const LIFECYCLE_LABELS = LIFECYCLE;
export const ACCESS_LABELS = ACCESS;
export const SENSITIVITY_LABELS: Record<string, string> = Object.fromEntries(Object.entries(SENSITIVITY).map(([k, v]) => [k, v.label]));
export const SUBJECT_LABELS = SUBJECT_KIND;
export const CONSENT_LABELS = CONSENT_POLICY;
export const HIT_KIND_LABELS: Record<string, string> = { api: 'API', endpoint: 'Point d’accès', data_element: 'Donnée' };

/** DSFR badge colour of a sensitivity level. */
export function sensitivityBadge(s: string): string {
  return badgeOf(SENSITIVITY, s) || 'fr-badge--info';
}
