/**
 * Step 3 — traceability (docs/architecture.md, "Exchange pipeline"; API Particulier's `recipient`/`context`/`object`).
 * Rules:
 * - `recipient`, `context` and `object` are mandatory, each given once; `recipient` is a valid
 *   SIRET (14 digits, Luhn), `context` and `object` hold 1 to 50 characters (after trimming);
 *   any violation is 400 `client.missing_traceability`, listing every offending parameter;
 * - the recipient is the contract's consumer itself or one of the contract's declared recipients,
 *   else 403 `client.recipient_not_allowed`.
 * The three are recorded in the ledger (why the data was fetched) and removed from what goes upstream,
 * except the recipient, which is forwarded as a header.
 */
import { ProblemError, isValidSiret, type ProblemItem } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { parseExchangeQuery } from '../support/query.js';

export const TRACEABILITY_PARAMS = ['recipient', 'context', 'object'] as const;
const MAX_LENGTH = 50;

export function checkTraceability(ctx: ExchangeContext, _rt: ExchangeRuntime): void {
  const query = (ctx.query ??= parseExchangeQuery(ctx.input.rawQuery));
  const errors: ProblemItem[] = [];
  const values: Record<string, string> = {};
  // Anonymous calls to an open API (no personal data): the three are optional, checked when given.
  const optional = ctx.openAccess === true;
  for (const name of TRACEABILITY_PARAMS) {
    const v = query[name];
    if (optional && v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') errors.push({ pointer: `/${name}`, detail: 'paramètre obligatoire' });
    else if (name !== 'recipient' && v.trim().length > MAX_LENGTH)
      errors.push({ pointer: `/${name}`, detail: `${MAX_LENGTH} caractères au plus` });
    else values[name] = v.trim();
  }
  if (values.recipient !== undefined && !isValidSiret(values.recipient)) errors.push({ pointer: '/recipient', detail: 'SIRET invalide' });
  if (errors.length > 0) {
    throw new ProblemError('client.missing_traceability', { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
  }
  if (optional) {
    if (values.recipient && values.context && values.object)
      ctx.traceability = { recipient: values.recipient, context: values.context, object: values.object };
    return;
  }
  const contract = ctx.contract!;
  ctx.traceability = { recipient: values.recipient!, context: values.context!, object: values.object! };
  if (values.recipient !== contract.consumerSiret && !contract.recipients.includes(values.recipient!)) {
    throw new ProblemError('client.recipient_not_allowed', {
      detail: 'Le destinataire n’est ni le consommateur ni un destinataire déclaré du contrat.',
    });
  }
}
