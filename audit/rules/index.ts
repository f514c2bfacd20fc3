import type { EventRule, SweepRule } from './rule.js';
import { callAfterEnd } from './call-after-end.js';
import { recipientOutside } from './recipient-outside.js';
import { volumeAboveDeclared } from './volume-above-declared.js';
import { delegationVolumeAboveDeclared } from './delegation-volume-above-declared.js';
import { unusualSubjectCount } from './unusual-subject-count.js';
import { denialBurst } from './denial-burst.js';
import { unusualHours } from './unusual-hours.js';
import { unusedScopes } from './unused-scopes.js';
import { citizenReport } from './citizen-report.js';

/** The rules run on every batch of the ledger's tail, in this order. */
export const EVENT_RULES: readonly EventRule[] = [
  callAfterEnd,
  recipientOutside,
  volumeAboveDeclared,
  delegationVolumeAboveDeclared,
  unusualSubjectCount,
  denialBurst,
  unusualHours,
  citizenReport,
];
/** The rules run periodically. */
export const SWEEP_RULES: readonly SweepRule[] = [unusedScopes];
