import type { LedgerEventInput } from '../ledger/index.js';

/** What an auditor did in the console, recorded in the ledger (docs/architecture.md, invariant 6: the watchers watched). */
export type AuditAction =
  | 'contracts.search'
  | 'contract.read'
  | 'register.export'
  | 'cases.search'
  | 'case.read'
  | 'case.transition'
  | 'ledger.verify'
  | 'evidence.download'
  | 'event.read'
  | 'actions.read'
  | 'evaluator.read'
  | 'delegations.read';

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'contracts.search': 'Recherche de contrats',
  'contract.read': 'Consultation d’un contrat',
  'register.export': 'Export du registre des traitements',
  'cases.search': 'Recherche de cas',
  'case.read': 'Consultation d’un cas',
  'case.transition': 'Changement de statut d’un cas',
  'ledger.verify': 'Vérification du journal',
  'evidence.download': 'Téléchargement d’une preuve',
  'event.read': 'Consultation d’un événement du journal',
  'actions.read': 'Consultation de mes actions',
  'evaluator.read': 'Consultation du contrôle automatique',
  'delegations.read': 'Consultation des délégations à des éditeurs',
};

/** Untrusted text made safe for the ledger: well-formed, no NUL, at most `max` characters. */
function clean(v: unknown, max: number): string {
  return String(v)
    .slice(0, max)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\u0000/g, '');
}

export interface AuditReadInput {
  id: string;
  occurredAt: Date;
  actor: { sub: string; name?: string };
  action: AuditAction;
  /** The resource read (contract, case or event id, format of an export). */
  target?: string;
  /** Search filters as given (untrusted; truncated). */
  query?: Record<string, unknown>;
  contractId?: string;
  /** Outcome detail (e.g. result of a verification, number of rows exported). */
  result?: Record<string, string | number | boolean | null>;
}

/** The ledger event of one auditor action (`audit.read`, outcome `recorded`). */
export function auditReadEvent(r: AuditReadInput): LedgerEventInput {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.query ?? {}).slice(0, 20))
    if (v !== undefined && v !== null && v !== '') query[clean(k, 40)] = clean(v, 120);
  return {
    id: r.id,
    type: 'audit.read',
    occurredAt: r.occurredAt,
    actor: { kind: 'auditor', id: clean(r.actor.sub, 200) },
    contractId: r.contractId,
    object: AUDIT_ACTION_LABELS[r.action],
    outcome: 'recorded',
    detail: {
      action: r.action,
      ...(r.target ? { target: clean(r.target, 200) } : {}),
      ...(Object.keys(query).length ? { query } : {}),
      ...(r.result ? { result: r.result } : {}),
      ...(r.actor.name ? { actorName: clean(r.actor.name, 120) } : {}),
    },
  };
}
