/** French labels of the catalogue's enumerations (user-facing text). */
export const LIFECYCLE_LABELS: Record<string, string> = { draft: 'Brouillon', published: 'Publiée', deprecated: 'Dépréciée', retired: 'Retirée' };
export const ACCESS_LABELS: Record<string, string> = { open: 'Ouverte (sans habilitation)', restricted: 'Restreinte (habilitation requise)' };
export const SENSITIVITY_LABELS: Record<string, string> = { standard: 'Standard', sensitive: 'Sensible', highly_sensitive: 'Très sensible' };
export const SUBJECT_LABELS: Record<string, string> = { person: 'Particuliers', company: 'Entreprises', none: 'Aucun (référentiel)' };
export const CONSENT_LABELS: Record<string, string> = { none: 'Aucun', legal_basis: 'Base légale', consent_required: 'Consentement de la personne requis' };
export const HIT_KIND_LABELS: Record<string, string> = { api: 'API', endpoint: 'Point d’accès', data_element: 'Donnée' };

/** DSFR badge colour of a sensitivity level. */
export function sensitivityBadge(s: string): string {
  return s === 'highly_sensitive' ? 'fr-badge--error' : s === 'sensitive' ? 'fr-badge--warning' : 'fr-badge--info';
}
