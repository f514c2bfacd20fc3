/** The audit console's pages (French, DSFR). */
export { renderAuditContractsPage, SENSITIVITY_LABELS } from './contracts-page.js';
export type { ContractsPageModel } from './contracts-page.js';
export { renderAuditContractPage } from './contract-page.js';
export type { AuditContractPageModel } from './contract-page.js';
export { renderAuditRegisterPage } from './register-page.js';
export { renderAuditDelegationsPage } from './delegations-page.js';
export type { DelegationsAuditModel } from './delegations-page.js';
export type { RegisterPageModel } from './register-page.js';
export { renderAuditCasesPage } from './cases-page.js';
export type { CasesPageModel } from './cases-page.js';
export { renderAuditCasePage } from './case-page.js';
export type { CasePageModel, EvidenceLine } from './case-page.js';
export { renderAuditLedgerPage } from './ledger-page.js';
export type { LedgerPageModel } from './ledger-page.js';
export { renderAuditActionsPage } from './actions-page.js';
export type { ActionsPageModel } from './actions-page.js';
export { renderApiStatsBlock } from './stats-block.js';
export type { AuditUser } from './common.js';
