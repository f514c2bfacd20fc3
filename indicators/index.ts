/**
 * The indicators domain (docs/architecture.md, "Indicators"): what the platform publishes about
 * itself — success rate of recourse, volumes, latency, availability, instruction time, contracts,
 * delegations and active dossiers — computed from the ledger and the contracts by an incremental
 * rollup, with the small-count rule of the open statistics.
 */
export { instructionTime, instructionTimeByMonth, summariseInstructionTimes, median, monthPeriod, monthKey } from './instruction-time.js';
export type { InstructionTime, InstructionTimeQuery, InstructionTimeFigure, MonthlyInstructionTime } from './instruction-time.js';
