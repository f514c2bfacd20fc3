/**
 * The one table of French labels for every state and code shown to people. Pages never print a
 * code itself: they look it up here (`labelOf`), so a new code shows as « inconnu » rather than in
 * English, and a test renders every page to check that no code leaks.
 */

export interface BadgedLabel {
  label: string;
  /** DSFR badge modifier (`fr-badge--success`, …), empty for the neutral badge. */
  badge: string;
}

/** Contracts and the versions of their habilitation requests. */
export const CONTRACT_STATUS: Record<string, BadgedLabel> = {
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

/** Transitions recorded in a contract's history. */
export const CONTRACT_ACTION: Record<string, string> = {
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
  credential_revoked: 'Identifiants révoqués',
};

/** Outcome of one exchange. */
export const OUTCOME: Record<string, BadgedLabel> = {
  served: { label: 'Données transmises', badge: 'fr-badge--success' },
  denied: { label: 'Refusé', badge: 'fr-badge--error' },
  failed: { label: 'Échec', badge: 'fr-badge--warning' },
  recorded: { label: 'Enregistré', badge: 'fr-badge--info' },
};

/** Datapedia's roles (per organisation, then platform-wide), and who acted in a history. */
export const ROLE: Record<string, string> = {
  applicant: 'demandeur',
  instructor: 'instructeur',
  dpo: 'délégué à la protection des données',
  admin: 'administrateur',
  controller: 'responsable de traitement',
  auditor: 'auditeur',
  operator: 'opérateur de la plateforme',
  citizen: 'particulier',
  system: 'système',
};

/** A consent given by a person. */
export const CONSENT_STATUS: Record<string, BadgedLabel> = {
  active: { label: 'Actif', badge: 'fr-badge--success' },
  paused: { label: 'Suspendu', badge: 'fr-badge--warning' },
  revoked: { label: 'Retiré', badge: 'fr-badge--error' },
  expired: { label: 'Expiré', badge: 'fr-badge--info' },
};

/** A consent request sent to a person. */
export const CONSENT_REQUEST_STATUS: Record<string, BadgedLabel> = {
  pending: { label: 'En attente de réponse', badge: 'fr-badge--info' },
  accepted: { label: 'Acceptée', badge: 'fr-badge--success' },
  refused: { label: 'Refusée', badge: 'fr-badge--error' },
  expired: { label: 'Expirée', badge: '' },
};

/** Catalogue: who may call an API. */
export const ACCESS: Record<string, string> = { open: 'Ouverte (sans habilitation)', restricted: 'Restreinte (habilitation requise)' };
/** Short form, for badges. */
export const ACCESS_SHORT: Record<string, string> = { open: 'Ouverte', restricted: 'Restreinte' };

export const SENSITIVITY: Record<string, BadgedLabel> = {
  standard: { label: 'Standard', badge: 'fr-badge--info' },
  sensitive: { label: 'Sensible', badge: 'fr-badge--warning' },
  highly_sensitive: { label: 'Très sensible', badge: 'fr-badge--error' },
};

export const CONSENT_POLICY: Record<string, string> = {
  none: 'Aucun',
  legal_basis: 'Base légale (sans consentement)',
  consent_required: 'Consentement de la personne requis',
};

export const LIFECYCLE: Record<string, string> = { draft: 'Brouillon', published: 'Publiée', deprecated: 'Dépréciée', retired: 'Retirée' };

export const SUBJECT_KIND: Record<string, string> = { person: 'Particuliers', company: 'Entreprises', none: 'Aucun (référentiel)' };

export const CASE_STATUS: Record<string, BadgedLabel> = {
  open: { label: 'Ouvert', badge: 'fr-badge--error' },
  investigating: { label: 'En cours d’instruction', badge: 'fr-badge--warning' },
  closed: { label: 'Clos', badge: 'fr-badge--success' },
};

/** OAuth2 client authentication methods (RFC 7591 names kept in code elements beside them). */
export const AUTH_METHOD: Record<string, string> = {
  client_secret_basic: 'Secret partagé',
  private_key_jwt: 'Clé privée (JWT signé)',
};

/** Kinds of ledger events shown to auditors. */
export const EVENT_TYPE: Record<string, string> = {
  'exchange.served': 'Échange (données transmises)',
  'exchange.denied': 'Échange refusé',
  'exchange.failed': 'Échange en échec',
  'contract.transition': 'Évolution d’un contrat',
  'credential.issued': 'Identifiants délivrés',
  'consent.event': 'Évolution d’un consentement',
  'audit.read': 'Consultation par un auditeur',
  'citizen.report': 'Signalement d’un usager',
  'dossier.event': 'Étape d’un dossier',
  'ledger.purge': 'Purge après la durée de conservation',
  'catalog.settings': 'Réglage d’une API par son producteur',
  'membership.event': 'Agents et rôles d’une organisation',
  'counter.event': 'Guichet : cas d’usage ou besoin de données',
};

/** The producer's health as last measured by the gateway. */
export const PRODUCER_STATUS: Record<string, BadgedLabel> = {
  up: { label: 'Disponible', badge: 'fr-badge--success' },
  degraded: { label: 'Perturbé', badge: 'fr-badge--warning' },
  down: { label: 'Indisponible', badge: 'fr-badge--error' },
  unknown: { label: 'État inconnu', badge: '' },
};

/** Circuit breaker of a producer. */
export const CIRCUIT_STATE: Record<string, string> = {
  closed: 'Normal',
  open: 'Coupé (trop d’échecs)',
  half_open: 'En cours de rétablissement',
};

/** Period of a frequency cap. */
export const PERIOD: Record<string, string> = { day: 'jour', week: 'semaine', month: 'mois', year: 'an' };

/** Every table, by name (tests walk them). */
export const LABEL_TABLES = {
  CONTRACT_STATUS,
  CONTRACT_ACTION,
  OUTCOME,
  ROLE,
  CONSENT_STATUS,
  CONSENT_REQUEST_STATUS,
  ACCESS,
  ACCESS_SHORT,
  SENSITIVITY,
  CONSENT_POLICY,
  LIFECYCLE,
  SUBJECT_KIND,
  CASE_STATUS,
  AUTH_METHOD,
  EVENT_TYPE,
  PRODUCER_STATUS,
  CIRCUIT_STATE,
  PERIOD,
} as const;

/**
 * The French label of a code in one of the tables above. An unknown code is never printed as
 * is: it reads « valeur inconnue ».
 */
export function labelOf(table: Record<string, string | BadgedLabel>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const v = table[code];
  if (v === undefined) return 'valeur inconnue';
  return typeof v === 'string' ? v : v.label;
}

/** The DSFR badge modifier of a code (empty when the table has none). */
export function badgeOf(table: Record<string, BadgedLabel>, code: string | null | undefined): string {
  return (code && table[code]?.badge) || '';
}
