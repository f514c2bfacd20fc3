/**
 * Demo data of the consent domain: a parent of the demo world represents their minor child.
 * The demo people come from the caller (the connectors' demo world: a pivot, and the household
 * the family-benefits producer holds). The child has no pivot of their own in the demo world:
 * their identity is their household entry, born where their parent was born — the convention
 * every demo part uses to name the child, so exchanges about them land in the same trail.
 */
import { subjectRef, type PersonPivot } from '../schemas/index.js';
import { answerMandate, declareMandate, listMyMandates } from './mandates.js';
import type { ConsentContext } from './types.js';

/** What the demo world says of a person (structurally the connectors' `DemoWorldPerson`). */
export interface DemoHouseholdPerson {
  pivot: PersonPivot;
  family: { enfants: { nomNaissance: string; prenoms: string[]; dateNaissance: string; sexe: 'M' | 'F' }[] } | null;
}

export interface DemoRepresentation {
  parent: PersonPivot;
  child: PersonPivot;
  parentRef: string;
  childRef: string;
  mandateId: string;
}

function eighteenthBirthday(birthdate: string): Date {
  const [y, m, d] = birthdate.split('-').map(Number);
  return new Date(Date.UTC(y! + 18, m! - 1, d!));
}

/** The demo child's pivot: the household entry, born where the parent was. */
export function demoChildPivot(
  parent: PersonPivot,
  child: { nomNaissance: string; prenoms: string[]; dateNaissance: string; sexe: 'M' | 'F' },
): PersonPivot {
  return {
    family_name: child.nomNaissance,
    given_name: child.prenoms.join(' '),
    birthdate: child.dateNaissance,
    gender: child.sexe === 'F' ? 'female' : 'male',
    birthplace: parent.birthplace,
    birthcountry: parent.birthcountry,
  };
}

/**
 * Declares (as the operator) and accepts (as the parent) a `parent_of_minor` mandate for the
 * first demo person with a minor child, valid until the child turns 18. Idempotent: an
 * existing mandate between the two is returned. Null when no demo person has a minor child.
 */
export async function seedDemoRepresentation(
  ctx: ConsentContext,
  o: { people: readonly DemoHouseholdPerson[]; subjectSecret: string },
): Promise<DemoRepresentation | null> {
  const now = ctx.clock.now();
  for (const p of o.people) {
    const minor = p.family?.enfants.find(
      (c) => eighteenthBirthday(c.dateNaissance).getTime() > now.getTime() && Date.parse(c.dateNaissance) <= now.getTime(),
    );
    if (!minor) continue;
    const child = demoChildPivot(p.pivot, minor);
    const parentRef = subjectRef(o.subjectSecret, { kind: 'person', pivot: p.pivot });
    const childRef = subjectRef(o.subjectSecret, { kind: 'person', pivot: child });
    const existing = (await listMyMandates(ctx, parentRef)).find(
      (m) => m.representedRef === childRef && (m.status === 'accepted' || m.status === 'declared'),
    );
    let mandateId = existing?.id;
    if (!existing) {
      mandateId = (
        await declareMandate(ctx, {
          declarer: { kind: 'operator', id: 'datapedia-demo' },
          authorisedProducerSirets: [],
          representativeRef: parentRef,
          representedRef: childRef,
          kind: 'parent_of_minor',
          evidenceRef: 'Livret de famille (démonstration)',
          validUntil: eighteenthBirthday(minor.dateNaissance),
        })
      ).id;
    }
    if (existing?.status !== 'accepted')
      await answerMandate(ctx, {
        representativeRef: parentRef,
        mandateId: mandateId!,
        decision: 'accept',
        actor: { kind: 'citizen', id: parentRef },
      });
    const { family_name, given_name, birthdate, gender, birthplace, birthcountry } = p.pivot;
    return {
      parent: { family_name, given_name, birthdate, gender, birthplace, birthcountry },
      child,
      parentRef,
      childRef,
      mandateId: mandateId!,
    };
  }
  return null;
}
