/**
 * The audit domain: usage-control rules evaluated over the ledger and the cases they
 * open (with citizens' reports), the contract review and the register of processing, open
 * statistics, and the auditors' own trail. A read model over ledger, contracts and catalog.
 */
export { openCase, openCaseIn, changeCaseStatus, listCases, getCase, countCases } from './cases.js';
export type { OpenCaseResult, CasePage, CaseDetail } from './cases.js';
export { CASE_KINDS } from './types.js';
export type { AuditCase, CaseActor, CaseHistoryEntry, CaseInput, CaseKind, CaseSource, CaseStatus, LedgerRow } from './types.js';
export { CASE_KIND_LABELS, CASE_STATUS_LABELS, caseKindLabel } from './labels.js';
export { createRuleEvaluator } from './evaluator.js';
export type { RuleEvaluator, RuleEvaluatorOptions, PassResult, EvaluatorLag, ChainLag } from './evaluator.js';
export { DEFAULT_RULE_OPTIONS } from './rules/rule.js';
export type { RuleOptions, RuleHit, EventRule, SweepRule, RuleContext } from './rules/rule.js';
export { EVENT_RULES, SWEEP_RULES } from './rules/index.js';
export { isQuietHour, localDayHour } from './rules/unusual-hours.js';
export { listContractsForReview, findContractForReview, contractUsage, parseReviewQuery } from './review.js';
export type { ContractReviewQuery, ContractReviewItem, ContractUsage, ContractUsageSummary } from './review.js';
export { buildRegister, registerCsv } from './register.js';
export { listDelegationFacts } from './store/delegations.js';
export type { DelegationFacts } from './store/delegations.js';
export type { RegisterEntry } from './register.js';
export { apiStatistics, STATS_MIN_COUNT, withholdSmallCount } from './stats.js';
export type { ApiStats, MonthStats } from './stats.js';
export { auditReadEvent, AUDIT_ACTION_LABELS } from './read-event.js';
export type { AuditAction, AuditReadInput } from './read-event.js';
export { listAuditorActions } from './actions.js';
export type { AuditorAction } from './actions.js';
