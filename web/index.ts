/** Server-rendered pages (French, DSFR), called by the gateway. */
export { html, raw, escapeHtml, SafeHtml } from './html.js';
export { layout, loginHref, safeReturnPath, ACCESSIBILITY_LEVEL } from './layout.js';
export { WEB_ASSETS, ASSETS_SERVED } from './assets.js';
export { renderErrorPage } from './errors/error-page.js';
export type { ErrorPageModel } from './errors/error-page.js';
export {
  renderAccessibilityPage,
  renderLegalNoticePage,
  renderPersonalDataPage,
  renderSiteMapPage,
  DEMO_LEGAL_INFO,
} from './legal/index.js';
export type { LegalInfo } from './legal/index.js';
export { franceConnectButton, proConnectButton } from './auth/connect-buttons.js';
export { errorsByField, errorSummary, mandatoryNotice, inputField, fieldset } from './forms/index.js';
export type { FieldError, FieldSpec, InputOptions } from './forms/index.js';
export {
  CONTRACT_STATUS,
  CONTRACT_ACTION,
  OUTCOME,
  ROLE,
  CONSENT_STATUS,
  CONSENT_REQUEST_STATUS,
  ACCESS,
  SENSITIVITY,
  CONSENT_POLICY,
  LIFECYCLE,
  SUBJECT_KIND,
  CASE_STATUS,
  AUTH_METHOD,
  EVENT_TYPE,
  PRODUCER_STATUS,
  labelOf,
  badgeOf,
  formatDate,
  formatDateTime,
  formatDateTimeLong,
  formatExportDateTime,
  formatMonth,
  formatNumber,
  withArticle,
  aupresDe,
  compareFr,
  sortFr,
  truncateWords,
  listFr,
} from './french/index.js';
export type { PageOptions } from './layout.js';
export { renderDocsPage } from './docs-page.js';
export { renderEspacePage } from './espace/dashboard-page.js';
export { renderAgentsPage, renderAgentsHome, AGENT_NOTICES } from './espace/agents-page.js';
export type { AgentsPageData, AgentRowView, AgentHistoryView } from './espace/agents-page.js';
export type { DashboardData } from './espace/dashboard-page.js';
export { renderContractPage, renderCredentialsIssued } from './espace/contract-page.js';
export { renderCredentialsFlash, credentialsList } from './espace/credentials.js';
export { renderDelegationsPage } from './espace/delegations-page.js';
export type { DelegationsPageData } from './espace/delegations-page.js';
export type { IssuedFlash } from './espace/credentials.js';
export { legalBasesOf } from './catalog/how-to-call.js';
export { statsChart } from './audit/stats-block.js';
export type { ContractPageData } from './espace/contract-page.js';
export type { PageError, EspaceUser } from './espace/common.js';
export { NOTICES } from './espace/common.js';
export { REQUEST_FIELDS } from './espace/request-form.js';
export { renderHomePage } from './home-page.js';
export { renderAccountChooser } from './auth/account-chooser.js';
export type { AccountChoice, AccountChooserOptions } from './auth/account-chooser.js';
export { renderIdpError, renderIdpLogout, renderIdpLoggedOut } from './auth/idp-pages.js';
export { renderLoginPage } from './auth/login-page.js';
export type { LoginPageOptions } from './auth/login-page.js';
export {
  renderCatalogHome,
  renderApiPage,
  renderDataElementPage,
  renderDictionaryPage,
  renderImportPage,
  IMPORT_SCRIPT,
} from './catalog/index.js';
export type { CatalogHomeModel, ApiPageModel, ProducerStatus } from './catalog/index.js';
export { renderMoiPage, renderMoiLogin, renderMoiForbidden } from './moi/index.js';
export { renderProofVerifierPage, PROOF_VERIFIER_SCRIPT } from './moi/proof-verifier.js';
export type { ProofVerifierModel } from './moi/proof-verifier.js';
export type { MoiConsent, MoiExchange, MoiFilters, MoiModel, MoiRequest } from './moi/index.js';
export {
  renderAuditContractsPage,
  renderAuditContractPage,
  renderAuditRegisterPage,
  renderAuditCasesPage,
  renderAuditCasePage,
  renderAuditLedgerPage,
  renderAuditActionsPage,
  renderApiStatsBlock,
  renderAuditDelegationsPage,
} from './audit/index.js';
export type {
  AuditUser,
  ContractsPageModel,
  AuditContractPageModel,
  RegisterPageModel,
  CasesPageModel,
  CasePageModel,
  LedgerPageModel,
  ActionsPageModel,
} from './audit/index.js';
export {
  renderRightsPage,
  renderReportConfirmation,
  renderReportsPage,
  renderNotificationsPage,
  renderRepresentationPage,
  renderMyDataHome,
  renderMyDataPage,
} from './moi/dossier-pages.js';
export type { DossierUser, RightsView, ReportFollowUp, MandateView, MyDataSource, MyDataView } from './moi/dossier-pages.js';
export type { CaseReportLine } from './audit/case-reports.js';
export {
  renderFlowsInboxPage,
  renderFlowsDossierPage,
  renderMesDemarchesPage,
  renderFlowsOperatorPage,
  FLOW_STATUS_LABELS,
} from './flows/pages.js';
export type { FlowsInboxModel, FlowsDossierModel, MesDemarchesModel, FlowsOperatorModel } from './flows/pages.js';
export { renderIndicatorsPage, renderProducerReportPage, barChart } from './indicators/index.js';
export type { IndicatorsPageModel, ProducerReportPageModel, BarChart } from './indicators/index.js';
export { renderApiSettingsPage, renderConsentRequestsPage, SETTINGS_NOTICES, CONSENT_REQUEST_FIELDS } from './espace/settings-pages.js';
export type { ApiSettingsPageModel, ApiSettingsView, ConsentRequestsPageModel, ConsentRequestRowView } from './espace/settings-pages.js';
export {
  renderGuichetHome,
  renderUseCaseList,
  renderUseCasePage,
  renderUseCaseForm,
  renderNeedList,
  renderNeedPage,
  renderNeedForm,
  renderModerationPage,
  GUICHET_NOTICES,
} from './guichet/index.js';
export type {
  GuichetHomeModel,
  UseCaseListModel,
  UseCasePageModel,
  UseCaseFormModel,
  NeedListModel,
  NeedPageModel,
  NeedFormModel,
  ModerationModel,
  GuichetUser,
  GuichetError,
} from './guichet/index.js';
