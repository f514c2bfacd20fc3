import type { PersonPivot } from './subject.js';

/**
 * Who calls the control plane, as the identity part and the static token authenticate them;
 * shared by identity/, the gateway's guards and its services (docs/architecture.md, "Identity and access").
 */

/** Roles of an agent within one organisation. */
export type OrgRole = 'applicant' | 'instructor' | 'dpo' | 'admin';
/** Platform-wide roles, not bound to an organisation. */
export type PlatformRole = 'auditor' | 'admin';

export interface Membership {
  siret: string;
  roles: OrgRole[];
}

/** Whoever calls the control plane: an agent, a citizen or an operator's static token. */
export interface Principal {
  kind: 'agent' | 'citizen' | 'service';
  /** Stable subject identifier from the identity provider (or `admin-token`). */
  sub: string;
  name?: string;
  email?: string;
  memberships: Membership[];
  platformRoles: PlatformRole[];
  /** How the principal authenticated (for the ledger and CSRF rules). */
  via: 'session' | 'bearer' | 'static-token';
  /** Issuer of the identity provider that authenticated the person (agents, citizens). */
  issuer?: string;
  /** For `kind: 'citizen'`: the FranceConnect identity pivot and its subject reference. */
  citizen?: CitizenIdentity;
  /** Synchronizer CSRF token of the session (`via: 'session'` only), for forms and X-CSRF-Token. */
  csrfToken?: string;
}

/** A citizen's identity: the pivot, its `subject_ref`, and a company they represent. */
export interface CitizenIdentity {
  pivot: PersonPivot;
  /** subjectRef(SUBJECT_HMAC_SECRET, { kind: 'person', pivot }) — the same as on the exchange path. */
  subjectRef: string;
  company?: { siren: string; subjectRef: string };
  /** A representative switched to the dossier of the person they represent (gateway/services/citizen/acting.ts). */
  acting?: { mandateId: string; subjectRef: string };
}

export function hasPlatformRole(p: Principal | undefined, role: PlatformRole): boolean {
  return !!p && p.platformRoles.includes(role);
}

export function hasOrgRole(p: Principal | undefined, siret: string, role: OrgRole): boolean {
  return !!p && p.memberships.some((m) => m.siret === siret && m.roles.includes(role));
}
