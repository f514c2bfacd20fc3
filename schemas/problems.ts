/**
 * The one catalogue of problem codes (RFC 9457). A code names the party at fault:
 * `client.*` -> 4xx, `gateway.*` -> 5xx (or 503 when we shed load), `provider.*` -> 502/504.
 * Tests assert codes, never titles. Titles are user-facing, hence French.
 */
export const PROBLEMS = {
  // --- client: the caller's request is at fault
  'client.malformed_json': { status: 400, title: 'Corps de requête JSON invalide' },
  'client.invalid_request': { status: 400, title: 'Requête invalide' },
  'client.invalid_parameter': { status: 400, title: 'Paramètre invalide' },
  'client.duplicate_parameter': { status: 400, title: 'Paramètre répété' },
  'client.unknown_field': { status: 400, title: 'Champ inconnu' },
  'client.invalid_siret': { status: 400, title: 'SIRET invalide' },
  'client.invalid_openapi': { status: 422, title: 'Document OpenAPI invalide' },
  'client.invalid_scope': { status: 422, title: 'Périmètre (scope) invalide' },
  'client.validation_failed': { status: 422, title: 'Données non conformes' },
  'client.missing_traceability': { status: 400, title: 'Paramètres de traçabilité manquants ou invalides' },
  'client.recipient_not_allowed': { status: 403, title: 'Destinataire non habilité pour ce contrat' },
  'client.payload_too_large': { status: 413, title: 'Corps de requête trop volumineux' },
  'client.unsupported_media_type': { status: 415, title: 'Type de contenu non pris en charge' },
  'client.not_found': { status: 404, title: 'Ressource introuvable' },
  'client.route_not_found': { status: 404, title: 'Route inconnue' },
  'client.method_not_allowed': { status: 405, title: 'Méthode non autorisée' },
  'client.conflict': { status: 409, title: 'Conflit avec l’état actuel de la ressource' },
  'client.invalid_transition': { status: 409, title: 'Transition non autorisée dans cet état' },
  'client.reason_required': { status: 422, title: 'Motif écrit obligatoire' },
  'client.unauthenticated': { status: 401, title: 'Authentification requise' },
  'client.invalid_token': { status: 401, title: 'Jeton invalide' },
  'client.token_expired': { status: 401, title: 'Jeton expiré' },
  'client.forbidden': { status: 403, title: 'Accès refusé' },
  'client.csrf_failed': { status: 403, title: 'Jeton anti-CSRF invalide' },
  'client.contract_inactive': { status: 403, title: 'Contrat inactif' },
  'client.delegation_missing': { status: 403, title: 'Aucune délégation désignée pour cet appel d’éditeur' },
  'client.delegation_ambiguous': { status: 403, title: 'Plusieurs délégations possibles : désignez-en une' },
  'client.delegation_inactive': { status: 403, title: 'Délégation inactive' },
  'client.endpoint_not_granted': { status: 403, title: 'Point d’accès non couvert par le contrat' },
  'client.scope_not_granted': { status: 403, title: 'Périmètre non accordé' },
  'client.ip_not_allowed': { status: 403, title: 'Adresse IP non autorisée pour ce contrat' },
  'client.rate_limited': { status: 429, title: 'Limite de débit atteinte' },
  'client.consent_missing': { status: 403, title: 'Consentement absent' },
  'client.consent_revoked': { status: 403, title: 'Consentement révoqué' },
  'client.consent_expired': { status: 403, title: 'Consentement expiré' },
  'client.consent_suspended': { status: 403, title: 'Consentement suspendu' },
  'client.consent_terms_exceeded': { status: 403, title: 'Données demandées hors du consentement' },
  'client.consent_not_applicable': { status: 422, title: 'Consentement sans objet pour cette API' },
  'client.subject_objected': { status: 403, title: 'La personne s’est opposée à cet échange' },
  'client.api_retired': { status: 410, title: 'API retirée' },
  'client.self_instruction': { status: 403, title: 'Une organisation n’instruit pas ses propres demandes' },
  'client.last_admin': { status: 409, title: 'Dernier administrateur de l’organisation' },
  'client.agent_already_member': { status: 409, title: 'Agent déjà membre ou déjà invité' },
  'client.second_approval_required': { status: 409, title: 'Seconde validation requise (DPO du producteur)' },
  'client.connector_not_editable': { status: 400, title: 'Le connecteur d’une API est fixé par l’opérateur, pas par le producteur' },
  'client.connector_target_not_allowed': { status: 422, title: 'Cible de connecteur non déclarée dans la configuration' },
  'client.connector_role_not_allowed': { status: 422, title: 'Rôle de base de données imposé par la cible du connecteur' },
  'client.connector_path_not_allowed': { status: 422, title: 'Chemin de fichier hors de la racine déclarée' },
  'client.connector_address_not_allowed': { status: 422, title: 'Adresse de connecteur non autorisée' },
  'client.no_competent_administration': { status: 422, title: 'Aucune administration compétente abonnée pour ce territoire' },
  'client.idempotency_conflict': { status: 409, title: 'Clé d’idempotence déjà utilisée pour un autre contenu' },
  'client.unknown_commune': { status: 422, title: 'Code commune INSEE inconnu' },
  'client.archive_rejected': { status: 422, title: 'Archive refusée (taille décompressée ou nombre de fichiers excessif)' },
  'client.graphql_too_large': { status: 400, title: 'Document GraphQL trop long' },
  'client.graphql_too_deep': { status: 400, title: 'Requête GraphQL trop profonde' },
  'client.graphql_too_many_aliases': { status: 400, title: 'Trop d’alias dans la requête GraphQL' },
  'client.graphql_too_complex': { status: 400, title: 'Requête GraphQL trop coûteuse' },
  'client.graphql_batch_refused': { status: 400, title: 'Plusieurs opérations GraphQL dans une même requête HTTP : refusé' },
  'client.graphql_introspection_disabled': { status: 400, title: 'Introspection GraphQL désactivée' },
  // --- gateway: Datapedia itself failed or sheds load
  'gateway.internal': { status: 500, title: 'Erreur interne' },
  'gateway.not_ready': { status: 503, title: 'Service indisponible' },
  'gateway.ledger_unavailable': { status: 503, title: 'Journal des échanges indisponible' },
  'gateway.database_unavailable': { status: 503, title: 'Base de données indisponible' },
  'gateway.misconfigured': { status: 500, title: 'Configuration invalide' },
  'gateway.graphql_timeout': { status: 503, title: 'Opération GraphQL interrompue : budget de temps dépassé' },
  // --- provider: the producer (upstream) failed
  'provider.not_found': { status: 404, title: 'Donnée introuvable chez le producteur' },
  'provider.timeout': { status: 504, title: 'Le producteur n’a pas répondu à temps' },
  'provider.unavailable': { status: 502, title: 'Producteur indisponible' },
  'provider.invalid_response': { status: 502, title: 'Réponse du producteur non conforme' },
  'provider.rate_limited': { status: 502, title: 'Le producteur limite le débit' },
  'provider.circuit_open': { status: 503, title: 'Producteur temporairement coupé (disjoncteur ouvert)' },
  'provider.maintenance': { status: 503, title: 'Producteur en maintenance' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** One entry of a problem's `errors` list (e.g. each ajv error, with its JSON pointer). */
export interface ProblemItem {
  pointer: string;
  detail: string;
}

export interface ProblemOptions {
  /** Safe to show to the client. Internal details belong in `cause`, never here. */
  detail?: string;
  errors?: ProblemItem[];
  cause?: unknown;
  /** Extra response headers (e.g. Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** Extra members of the problem document (RFC 9457 §3.2 extension members). */
  extensions?: Record<string, unknown>;
}

/** The one error class for untrusted input and upstream/gateway failures. */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: ProblemItem[];
  readonly headers?: Record<string, string>;
  readonly extensions?: Record<string, unknown>;

  constructor(code: ProblemCode, options: ProblemOptions = {}) {
    super(options.detail ?? PROBLEMS[code].title, { cause: options.cause });
    this.name = 'ProblemError';
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export function isProblemCode(value: string): value is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEMS, value);
}
