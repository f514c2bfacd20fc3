/**
 * Step 5 — consent, through the ConsentChecker port (DESIGN.md, flow). The consent module
 * (next issue) provides the real checker; until then `refuseConsentRequired` applies the rule
 * "an API whose policy is `consent_required` is refused with `client.consent_missing`"
 * (fail closed: no consent module, no consent).
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import type { ConsentChecker } from '../ports.js';

export async function checkConsent(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  // Open APIs have no subject and no consent policy (open-access.ts): nothing to consent to.
  if (ctx.openAccess) return;
  const decision = await rt.ports.consent.check({
    api: ctx.target!.api,
    contract: ctx.contract!,
    subjectRef: ctx.subject?.ref ?? null,
    subjectKind: ctx.subject?.kind ?? null,
    citizenPresent: ctx.citizenPresent === true,
  });
  if (decision) ctx.consent = decision;
}

/** The interim checker: `consent_required` APIs are refused, others pass. */
export const refuseConsentRequired: ConsentChecker = {
  async check(q) {
    if (q.api.consentPolicy === 'consent_required') {
      throw new ProblemError('client.consent_missing', { detail: 'Cette API exige le consentement de la personne concernée.' });
    }
  },
};
