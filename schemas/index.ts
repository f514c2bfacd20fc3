/** The bottom layer: JSON Schemas of common semantics and of Datapedia's own documents, and their helpers. */
export { PROBLEMS, ProblemError, isProblemCode } from './problems.js';
export type { ProblemCode, ProblemItem, ProblemOptions } from './problems.js';
export { problemDocument, instanceOf, asProblem } from './problem-document.js';
export { escapeToken, unescapeToken, toPointer, parsePointer, readAt, writeAt } from './json-pointer.js';
export { isValidSiren, isValidSiret, sirenOf, withLuhnDigit } from './siret.js';
export { loadSchema, schemaDir } from './load.js';
export { systemClock, manualClock } from './clock.js';
export type { Clock } from './clock.js';
export { createAjv, sharedAjv, toProblemItems, compileValidator, frenchMessage } from './validator.js';
export type { Validator } from './validator.js';
export {
  canonicalName,
  canonicalPerson,
  canonicalCompany,
  canonicalSubject,
  subjectRef,
  parseParticulierIdentity,
  hasParticulierIdentity,
  PARTICULIER_IDENTITY_PARAMS,
  COG_FRANCE,
} from './subject.js';
export type { PersonPivot, Subject } from './subject.js';
export { withTransaction } from './transaction.js';
export { createKeySealer } from './key-sealer.js';
export type { KeySealer } from './key-sealer.js';
export { estimateEntropyBits, weakSecretReason, MIN_SECRET_BITS } from './secret-strength.js';
export { hasOrgRole, hasPlatformRole } from './principal.js';
export type { CitizenIdentity, Membership, OrgRole, PlatformRole, Principal } from './principal.js';
