/**
 * How one exchange counts in the indicators (docs/architecture.md, "Indicators"). The success
 * rate of recourse is `delivered / attempted`, where an attempt is an exchange of an authorised
 * consumer that the platform let through to the producer (or lost on its own side):
 * - delivered: data released (`exchange.served`);
 * - not_found: the producer answered that it holds nothing on the subject (`provider.not_found`);
 * - timeout: the producer did not answer in time (`provider.timeout`);
 * - provider_failure: any other producer failure (`provider.*`: unavailable, invalid response,
 *   circuit open, maintenance, rate limited upstream);
 * - platform_failure: Datapedia's own failure (`gateway.*`).
 * Counted apart, outside the rate:
 * - client_mistake: the consumer's malformed call (bad parameters, missing traceability, ...);
 * - refused: the call was not authorised (contract, scope, recipient, IP, rate limit) or the
 *   person's rights stopped it (consent, objection) — the platform did its job by refusing.
 */
export const OUTCOME_CATEGORIES = [
  'delivered',
  'not_found',
  'timeout',
  'provider_failure',
  'platform_failure',
  'client_mistake',
  'refused',
] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];

/** The categories that make an attempt (the denominator of the success rate). */
export const ATTEMPT_CATEGORIES: readonly OutcomeCategory[] = ['delivered', 'not_found', 'timeout', 'provider_failure', 'platform_failure'];

/** Problem codes that say the consumer's call was malformed (schemas/problems.ts). */
const CLIENT_MISTAKES = new Set([
  'client.malformed_json',
  'client.invalid_request',
  'client.invalid_parameter',
  'client.duplicate_parameter',
  'client.unknown_field',
  'client.invalid_siret',
  'client.validation_failed',
  'client.missing_traceability',
  'client.payload_too_large',
  'client.unsupported_media_type',
  'client.not_found',
  'client.route_not_found',
  'client.method_not_allowed',
]);

/** The category of a ledger event, or null when it is not an exchange. */
export function classifyExchange(type: string, problemCode: string | null): OutcomeCategory | null {
  if (type === 'exchange.served') return 'delivered';
  if (type !== 'exchange.denied' && type !== 'exchange.failed') return null;
  const code = problemCode ?? '';
  if (code === 'provider.not_found') return 'not_found';
  if (code === 'provider.timeout') return 'timeout';
  if (code.startsWith('provider.')) return 'provider_failure';
  if (code.startsWith('client.')) return CLIENT_MISTAKES.has(code) ? 'client_mistake' : 'refused';
  // gateway.* and anything unexpected on a failed exchange: the platform's own failure.
  return type === 'exchange.denied' ? 'refused' : 'platform_failure';
}
