/** Forms: fields in DSFR error states, error summary, mandatory-field convention. */
export { errorsByField, errorSummary, mandatoryNotice, inputField, fieldset } from './fields.js';
export type { FieldError, FieldSpec, InputOptions } from './fields.js';
