import type pg from 'pg';
import { isValidSiren, subjectRef, type PersonPivot } from '../schemas/index.js';
import type { Membership, OrgRole, PlatformRole, Principal } from '../schemas/index.js';
import { findMembershipsByIdentity } from './store/memberships.js';

/** Issuer under which the demo seeds the embedded provider's agents (independent of PUBLIC_URL). */
export const EMBEDDED_ISSUER_ALIAS = 'urn:datapedia:embedded-idp';

type Claims = Record<string, unknown>;

function str(claims: Claims, name: string): string | undefined {
  const v = claims[name];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** True when the claims carry FranceConnect's identity pivot (a citizen rather than an agent). */
export function hasPivot(claims: Claims): boolean {
  return ['given_name', 'family_name', 'birthdate', 'gender', 'birthcountry'].every((n) => str(claims, n) !== undefined);
}

/** The stored, role-free part of an agent principal (ProConnect claims: given_name, usual_name, email). */
export function agentIdentity(issuer: string, sub: string, claims: Claims): Omit<Principal, 'via'> {
  const family = str(claims, 'usual_name') ?? str(claims, 'family_name') ?? '';
  const name = `${str(claims, 'given_name') ?? ''} ${family}`.trim() || sub;
  const email = str(claims, 'email')?.toLowerCase();
  return { kind: 'agent', sub, issuer, name, ...(email ? { email } : {}), memberships: [], platformRoles: [] };
}

/**
 * A citizen principal from FranceConnect claims. `subjectRef` is computed exactly as on the
 * exchange path (schemas/subject.ts), so the citizen finds every exchange about them.
 * Throws TypeError when the pivot is incomplete (the provider did not honour the scopes).
 */
export function citizenIdentity(issuer: string, sub: string, claims: Claims, secret: string): Omit<Principal, 'via'> {
  if (!hasPivot(claims)) throw new TypeError('identity pivot incomplete');
  const gender = str(claims, 'gender') === 'female' ? 'female' : 'male';
  const pivot: PersonPivot = {
    given_name: str(claims, 'given_name')!,
    family_name: str(claims, 'family_name')!,
    birthdate: str(claims, 'birthdate')!,
    gender,
    birthplace: str(claims, 'birthplace') ?? '',
    birthcountry: str(claims, 'birthcountry')!,
  };
  const siren = str(claims, 'siren');
  const company = siren && isValidSiren(siren) ? { siren, subjectRef: subjectRef(secret, { kind: 'company', siren }) } : undefined;
  return {
    kind: 'citizen',
    sub,
    issuer,
    name: `${pivot.given_name} ${pivot.family_name}`,
    memberships: [],
    platformRoles: [],
    ...(str(claims, 'email') ? { email: str(claims, 'email') } : {}),
    citizen: { pivot, subjectRef: subjectRef(secret, { kind: 'person', pivot }), ...(company ? { company } : {}) },
  };
}

/** Adds an agent's roles from Datapedia's `memberships` table (roles never come from the provider). */
export async function withMemberships(pool: pg.Pool, p: Principal, membershipIssuer: string): Promise<Principal> {
  const rows = await findMembershipsByIdentity(pool, membershipIssuer, p.sub, p.email ?? null);
  const bySiret = new Map<string, Set<OrgRole>>();
  const platform = new Set<PlatformRole>();
  for (const r of rows) {
    if (r.siret === null) r.roles.forEach((x) => platform.add(x as PlatformRole));
    else {
      const set = bySiret.get(r.siret) ?? new Set<OrgRole>();
      r.roles.forEach((x) => set.add(x as OrgRole));
      bySiret.set(r.siret, set);
    }
  }
  const memberships: Membership[] = [...bySiret].map(([siret, roles]) => ({ siret, roles: [...roles] }));
  return { ...p, memberships, platformRoles: [...platform] };
}
