/**
 * The indicators domain (docs/architecture.md, "Indicators"): what the platform publishes about
 * itself — success rate of recourse, volumes, latency, availability, instruction time, contracts,
 * delegations and active dossiers — computed from the ledger and the contracts by an incremental
 * rollup, with the small-count rule of the open statistics.
 */
export { instructionTime, instructionTimeByMonth, summariseInstructionTimes, median, monthPeriod, monthKey } from './instruction-time.js';
export type { InstructionTime, InstructionTimeQuery, InstructionTimeFigure, MonthlyInstructionTime } from './instruction-time.js';
export { createIndicatorRollup, aggregateBatch } from './rollup.js';
export type { IndicatorRollup, IndicatorRollupOptions, RollupLag } from './rollup.js';
export { publishedIndicators } from './publish.js';
export type { PublishedIndicators, IndicatorSeries, MonthFigures } from './publish.js';
export { SUCCESS_TARGET } from './figures.js';
export type { IndicatorFigures } from './figures.js';
export { OUTCOME_CATEGORIES, ATTEMPT_CATEGORIES, classifyExchange } from './outcomes.js';
export type { OutcomeCategory } from './outcomes.js';
export { LATENCY_BOUNDS_MS, latencyBucket, latencyPercentile } from './latency.js';
export { recordActiveDossiers, countActiveDossiers, ACTIVE_DOSSIER_MONTHS } from './people.js';
export { openDataCsv, openDataRows, OPEN_DATA_SCHEMA, OPEN_DATA_COLUMNS } from './open-data.js';
export { producerReport, producerReportCsv, queueMonthlyReports, previousMonth, monthStart } from './producer-report.js';
export type { ProducerReport, ReportApi, ReportConsumer } from './producer-report.js';
