/**
 * The consent domain: what a person decides about the exchanges concerning them — consents
 * (immutable, versioned) and the consent requests of consumers, objections to proactive
 * exchanges, representatives' mandates — the consent step of the exchange path
 * (`decideExchange` over a LISTEN/NOTIFY-invalidated cache), the reports citizens file on a
 * suspicious access (sealed, instructed as audit cases), and the preparation of "Mes données".
 */
export { listMyConsents, getConsentHistory, changeConsentStatus, grantConsent, STATUS_FR } from './consents.js';
export type { ConsentAction } from './consents.js';
export {
  createConsentRequest,
  getConsentRequestForConsumer,
  listMyConsentRequests,
  listConsumerConsentRequests,
  decideConsentRequest,
  REQUEST_TTL_DAYS,
} from './requests.js';
export type { ConsentRequestBody } from './requests.js';
export { createConsentChecker, CONSENT_CHANNEL } from './check.js';
export type { ConsentCheckQuestion, ConsentGrantRef, ConsentCheckerHandle } from './check.js';
export { decideExchange, denialProblem, rightsUnderPolicy } from './decide.js';
export type { ApiConsentPolicy, CountConsentUse, DenialCode, ExchangeDecision, ExchangeQuestion } from './decide.js';
export { createSubjectStateCache } from './subject-state.js';
export type { SubjectState, SubjectStateCache } from './subject-state.js';
export { objectTo, withdrawObjection, listMyObjections, getObjectionHistory } from './objections.js';
export type { Objection, ObjectionTarget } from './objections.js';
export {
  fileReport,
  reportExchange,
  linkReportToCase,
  listMyReports,
  listMyReportViews,
  readCaseReports,
  replyToReport,
  sealClearReportMessages,
} from './reports.js';
export type { CaseReport, CaseStatusOf, ReportContext, ReportView } from './reports.js';
export {
  declareMandate,
  answerMandate,
  revokeMandate,
  listMyMandates,
  listRepresentations,
  actingSubjectRefs,
  switchRepresentation,
  MANDATE_KINDS,
  MANDATE_KIND_FR,
} from './mandates.js';
export type { Mandate, MandateDeclarer, MandateKind, Representation } from './mandates.js';
export { identityParameters, subjectParametersFor, planMyDataConsultation } from './my-data.js';
export type { MyDataCall, MyDataPlan } from './my-data.js';
export { seedDemoRepresentation, demoChildPivot } from './demo.js';
export type { DemoHouseholdPerson, DemoRepresentation } from './demo.js';
export { windowStart } from './frequency.js';
export { expireConsents } from './expire.js';
export type {
  CitizenReport,
  Consent,
  ConsentActor,
  ConsentContext,
  ConsentLedgerEvent,
  ConsentRequest,
  ConsentRequestStatus,
  ConsentStatus,
  FrequencyCap,
  FrequencyPeriod,
  NotifyPerson,
  RecordConsentEvent,
  SubjectKind,
} from './types.js';
