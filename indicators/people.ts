/**
 * People with an active dossier (docs/architecture.md, "Indicators"): citizens who logged in
 * to their space within the last 12 months. Logins are read from live sessions (identity's
 * `sessions`, which expire) and kept per subject_ref in indicator_people; a figure below the
 * small-count threshold is withheld, and no per-person figure is ever published.
 */
import { STATS_MIN_COUNT, withholdSmallCount } from '../audit/index.js';
import { countPeopleSince, deletePeopleBefore, upsertPeopleFromSessions } from './store/people.js';
import type { Queryable } from './types.js';

export const ACTIVE_DOSSIER_MONTHS = 12;

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** The periodic job: records the logins of live sessions, forgets those past the window. */
export async function recordActiveDossiers(db: Queryable, now: Date): Promise<void> {
  await upsertPeopleFromSessions(db);
  await deletePeopleBefore(db, monthsBefore(now, ACTIVE_DOSSIER_MONTHS + 1));
}

/** The published figure: people who logged in within 12 months (null when below the threshold). */
export async function countActiveDossiers(db: Queryable, now: Date, threshold = STATS_MIN_COUNT): Promise<number | null> {
  return withholdSmallCount(await countPeopleSince(db, monthsBefore(now, ACTIVE_DOSSIER_MONTHS)), threshold);
}
