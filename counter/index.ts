/**
 * The counter of the « Dites-le-nous une fois » principle (docs/architecture.md, "Counter"): use
 * cases (procedures made simpler, linked to the catalogue), data needs declared by
 * administrations and answered by producers, their moderation. No HTTP here.
 */
export { createUseCase, getUseCase, listUseCases, listUseCasesOfApi, listUseCasesToModerate, moderateUseCase } from './use-cases.js';
export {
  createNeed,
  getNeed,
  listNeeds,
  listNeedsToModerate,
  moderateNeed,
  supportNeed,
  answerNeed,
  needForRequest,
  recordRequestDrafted,
} from './needs.js';
export { actsFor, isOperator, PRODUCER_ROLES } from './access.js';
export { USE_CASE_SCHEMA, NEED_SCHEMA, ANSWER_SCHEMA, SUPPORT_SCHEMA, MODERATION_SCHEMA } from './validation.js';
export type { CounterAction } from './events.js';
export type {
  CounterActor,
  CounterContext,
  CounterLedger,
  ModerationDecision,
  ModerationStatus,
  Need,
  NeedAnswer,
  NeedAnswerInput,
  NeedAnswerKind,
  NeedInput,
  UseCase,
  UseCaseInput,
} from './types.js';
