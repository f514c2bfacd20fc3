import { listDemoCompanies, listDemoPeople } from '../../connectors/index.js';
import type { PersonPivot } from '../../schemas/index.js';

/**
 * The synthetic people of the demo world (connectors' demo world), as the test citizens of the
 * embedded provider: the same pivots the exchange path's fixtures use, so a citizen who logs in
 * finds the exchanges made about them (same subject_ref).
 */
export function demoPeople(): (PersonPivot & { email: string })[] {
  return listDemoPeople();
}

/** SIREN of the demo company whose representative is a test account (the first of the register). */
export function demoCompanySiren(): string {
  return listDemoCompanies()[0]!.siren;
}
