/**
 * The consent domain (issue 7): citizens' consents as immutable, versioned artefacts, consent
 * requests from consumers, the `checkConsent` of the exchange path (LISTEN/NOTIFY-invalidated
 * cache), and the reports citizens file on a suspicious access (instructed as audit cases).
 */
export { listMyConsents, getConsentHistory, changeConsentStatus, grantConsent, STATUS_FR } from './consents.js';
export type { ConsentAction } from './consents.js';
export { createConsentRequest, getConsentRequestForConsumer, listMyConsentRequests, decideConsentRequest, REQUEST_TTL_DAYS } from './requests.js';
export type { ConsentRequestBody } from './requests.js';
export { createConsentChecker, CONSENT_CHANNEL } from './check.js';
export type { ConsentCheckQuestion, ConsentGrantRef, ConsentCheckerHandle } from './check.js';
export { reportExchange, linkReportToCase, listMyReports } from './reports.js';
export { windowStart } from './frequency.js';
export { expireConsents } from './expire.js';
export type {
  CitizenReport, Consent, ConsentActor, ConsentContext, ConsentLedgerEvent, ConsentRequest, ConsentRequestStatus, ConsentStatus,
  FrequencyCap, FrequencyPeriod, RecordConsentEvent, SubjectKind,
} from './types.js';
