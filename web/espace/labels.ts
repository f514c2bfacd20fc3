/** French labels and DSFR badge styles of contract and request statuses. */
export const STATUS_LABELS: Record<string, { label: string; badge: string }> = {
  draft: { label: 'Brouillon', badge: 'fr-badge--info' },
  submitted: { label: 'En instruction', badge: 'fr-badge--new' },
  changes_requested: { label: 'Modifications demandées', badge: 'fr-badge--warning' },
  validated: { label: 'Validée', badge: 'fr-badge--success' },
  refused: { label: 'Refusée', badge: 'fr-badge--error' },
  superseded: { label: 'Remplacée', badge: '' },
  pending: { label: 'En cours de demande', badge: 'fr-badge--info' },
  active: { label: 'En vigueur', badge: 'fr-badge--success' },
  suspended: { label: 'Suspendu', badge: 'fr-badge--warning' },
  revoked: { label: 'Révoqué', badge: 'fr-badge--error' },
  expired: { label: 'Expiré', badge: '' },
};

export const ACTION_LABELS: Record<string, string> = {
  create: 'Création du brouillon',
  submit: 'Soumission',
  approve: 'Validation',
  second_approval: 'Seconde validation (DPO)',
  request_changes: 'Modifications demandées',
  refuse: 'Refus',
  suspend: 'Suspension',
  resume: 'Reprise',
  revoke: 'Révocation',
  expire: 'Expiration',
  reopen: 'Nouvelle version (modification)',
  credential_issued: 'Identifiants délivrés',
  secret_rotated: 'Secret renouvelé',
};

export const ROLE_LABELS: Record<string, string> = {
  applicant: 'demandeur', instructor: 'instructeur', dpo: 'DPO', admin: 'administrateur', auditor: 'auditeur', system: 'système',
};

/** `12 janv. 2027 à 10:04` (Europe/Paris). */
export function frenchDateTime(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function frenchDate(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}
