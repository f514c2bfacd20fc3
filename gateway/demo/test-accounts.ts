import type { OrgRole, PersonPivot, PlatformRole } from '../../schemas/index.js';
import type { ProviderAccounts } from '../../identity/index.js';
import { DEMO_ORGANISATIONS } from './organisations.js';
import { demoCompanySiren, demoPeople } from './demo-people.js';

type OrgKey = keyof typeof DEMO_ORGANISATIONS;

/** A test agent of the embedded provider (ProConnect-like claims); roles are seeded in `memberships`. */
export interface TestAgent {
  id: string;
  kind: 'agent';
  given_name: string;
  usual_name: string;
  email: string;
  /** Organisation the agent logs in for (ProConnect `siret` claim); null for platform staff. */
  siret: string | null;
  /** Seed of Datapedia's own role tables (gateway/demo/identity.ts); no roles: nothing seeded. */
  roles: { siret: string | null; roles: (OrgRole | PlatformRole)[] };
  label: string;
}

/** A test citizen (FranceConnect identity pivot), possibly representing a company (SIREN). */
export interface TestCitizen {
  id: string;
  kind: 'citizen';
  pivot: PersonPivot;
  email: string;
  siren: string | null;
  label: string;
}

export type TestAccount = TestAgent | TestCitizen;

const CONSUMERS: OrgKey[] = ['villeLyon', 'departementGironde', 'crousParis', 'franceTravail', 'dinum'];
const PRODUCERS: OrgKey[] = ['cnaf', 'dgfip', 'cnous', 'franceTravail', 'insee', 'dinum'];
/** The demo's instructing administrations (subscribers of the demo procedures, gateway/demo/flows.ts): their inbox pages. */
const SUBSCRIBERS: OrgKey[] = ['villeLyon', 'departementGironde'];
const GIVEN = [
  'Claire',
  'Julien',
  'Sophie',
  'Thomas',
  'Nadia',
  'Karim',
  'Élodie',
  'Antoine',
  'Léa',
  'Mathieu',
  'Aïcha',
  'Pierre',
  'Chloé',
  'Hugo',
  'Manon',
  'Yanis',
  'Sarah',
  'Nicolas',
  'Laura',
];
const FAMILY = [
  'Lefèvre',
  'Moreau',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
];
const ROLE_LABEL: Record<string, string> = { applicant: 'demandeur', instructor: 'instructeur', dpo: 'dpo' };

function slug(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function agent(n: number, id: string, siret: string | null, roles: (OrgRole | PlatformRole)[], label: string): TestAgent {
  const given = GIVEN[n % GIVEN.length]!;
  const family = FAMILY[n % FAMILY.length]!;
  const email = `${id}@demo.datapedia.gouv.fr`;
  return { id, kind: 'agent', given_name: given, usual_name: family, email, siret, roles: { siret, roles }, label };
}

function listTestAgents(): TestAgent[] {
  const out: TestAgent[] = [];
  const add = (key: OrgKey, role: OrgRole) => {
    const o = DEMO_ORGANISATIONS[key];
    out.push(agent(out.length, `${slug(key)}-${ROLE_LABEL[role]}`, o.siret, [role], `${ROLE_LABEL[role]} — ${o.acronym ?? o.name}`));
  };
  for (const k of CONSUMERS) add(k, 'applicant');
  for (const k of PRODUCERS) {
    add(k, 'instructor');
    add(k, 'dpo');
  }
  // No role seeded: an organisation's admin invites them (their invitation binds at their first login).
  const lyon = DEMO_ORGANISATIONS.villeLyon;
  out.push(
    agent(out.length, 'ville-lyon-nouvel-agent', lyon.siret, [], `nouvel agent sans rôle (à inviter) — ${lyon.acronym ?? lyon.name}`),
  );
  out.push(agent(out.length, 'auditeur', null, ['auditor'], 'auditeur (plateforme, lecture seule)'));
  out.push(agent(out.length, 'admin', null, ['admin'], 'administrateur (plateforme)'));
  // Listed last so the accounts above keep their names.
  for (const k of SUBSCRIBERS) {
    const o = DEMO_ORGANISATIONS[k];
    out.push(
      agent(out.length, `${slug(k)}-instructeur`, o.siret, ['instructor'], `instructeur des démarches reçues — ${o.acronym ?? o.name}`),
    );
  }
  // Delegations to the demo editor (docs/architecture.md, "Delegations"): the communes' and the editor's admins.
  for (const k of ['villeLyon', 'villeVilleurbanne', 'solisLogiciels'] as const) {
    const o = DEMO_ORGANISATIONS[k];
    const id = `${slug(k)}-admin`;
    if (!out.some((a) => a.id === id)) out.push(agent(out.length, id, o.siret, ['admin'], `administrateur — ${o.acronym ?? o.name}`));
  }
  return out;
}

function listTestCitizens(): TestCitizen[] {
  const people = demoPeople().slice(0, 10);
  const out: TestCitizen[] = people.map(({ email, ...pivot }, i) => ({
    id: `citoyen-${i + 1}`,
    kind: 'citizen',
    pivot,
    email,
    siren: null,
    label: `${pivot.given_name} ${pivot.family_name.toUpperCase()}`,
  }));
  const siren = demoCompanySiren();
  out.push({
    id: 'representant-entreprise',
    kind: 'citizen',
    email: `representant.${siren}@exemple.fr`,
    siren,
    pivot: {
      given_name: 'Bernadette',
      family_name: 'Roux',
      birthdate: '1971-05-09',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
    },
    label: `Bernadette ROUX, représentante de l’entreprise SIREN ${siren}`,
  });
  return out;
}

let cache: TestAccount[] | undefined;

/** Every test account of the embedded provider: agents of the demo organisations, citizens, a company representative. */
export function listTestAccounts(): TestAccount[] {
  cache ??= [...listTestAgents(), ...listTestCitizens()];
  return cache;
}

export function findTestAccount(id: string): TestAccount | undefined {
  return listTestAccounts().find((a) => a.id === id);
}

/** The OpenID Connect claims the embedded provider releases for an account (ProConnect / FranceConnect names). */
export function accountClaims(a: TestAccount): { sub: string; [claim: string]: string } {
  if (a.kind === 'agent') {
    return {
      sub: a.id,
      given_name: a.given_name,
      usual_name: a.usual_name,
      email: a.email,
      uid: a.id,
      ...(a.siret ? { siret: a.siret } : {}),
    };
  }
  return { sub: a.id, ...a.pivot, email: a.email, ...(a.siren ? { siren: a.siren } : {}) };
}

/** The test accounts as the embedded provider finds them (given to identity by gateway/compose.ts). */
export const testProviderAccounts: ProviderAccounts = {
  find(sub) {
    const a = findTestAccount(sub);
    return a ? { id: a.id, claims: accountClaims(a) } : undefined;
  },
};
