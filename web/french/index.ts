/** French for people: labels of every code, dates in Paris time, articles before names, French sorting, cut texts. */
export {
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
  LABEL_TABLES,
  labelOf,
  badgeOf,
} from './labels.js';
export type { BadgedLabel } from './labels.js';
export {
  formatDate,
  formatDateNumeric,
  formatDateTime,
  formatDateTimeLong,
  formatExportDateTime,
  formatMonth,
  formatNumber,
} from './dates.js';
export { prepositionFor, withArticle, aupresDe } from './organisations.js';
export { FRENCH_COLLATOR, compareFr, sortFr } from './sort.js';
export { truncateWords, listFr } from './text.js';
