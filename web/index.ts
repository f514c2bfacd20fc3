/** Server-rendered pages (French, DSFR), called by the gateway. */
export { html, raw, escapeHtml, SafeHtml } from './html.js';
export { layout } from './layout.js';
export type { PageOptions } from './layout.js';
export { renderDocsPage } from './docs-page.js';
export { renderEspacePage } from './espace/dashboard-page.js';
export type { DashboardData } from './espace/dashboard-page.js';
export { renderContractPage, renderCredentialsIssued } from './espace/contract-page.js';
export type { ContractPageData } from './espace/contract-page.js';
export type { PageError, EspaceUser } from './espace/common.js';
export { renderHomePage } from './home-page.js';
export { renderAccountChooser } from './auth/account-chooser.js';
export type { AccountChoice, AccountChooserOptions } from './auth/account-chooser.js';
export { renderIdpError, renderIdpLogout, renderIdpLoggedOut } from './auth/idp-pages.js';
export { renderLoginPage } from './auth/login-page.js';
export type { LoginPageOptions } from './auth/login-page.js';
export { renderCatalogHome, renderApiPage, renderDataElementPage, renderDictionaryPage, renderImportPage, IMPORT_SCRIPT } from './catalog/index.js';
export type { CatalogHomeModel, ApiPageModel } from './catalog/index.js';
export { renderMoiPage, renderMoiLogin, renderMoiForbidden } from './moi/index.js';
export type { MoiConsent, MoiExchange, MoiFilters, MoiModel, MoiRequest } from './moi/index.js';
export {
  renderAuditContractsPage, renderAuditContractPage, renderAuditRegisterPage, renderAuditCasesPage, renderAuditCasePage, renderAuditLedgerPage,
  renderAuditActionsPage, renderApiStatsBlock,
} from './audit/index.js';
export type { AuditUser, ContractsPageModel, AuditContractPageModel, RegisterPageModel, CasesPageModel, CasePageModel, LedgerPageModel, ActionsPageModel } from './audit/index.js';
