/**
 * Step 5 — consent, through the ConsentChecker port (docs/architecture.md, "Exchange
 * pipeline"). The catalogue's policy of the API and the person's own choices decide: the real
 * checker (gateway/exchange-adapters/consent.ts) answers for every policy — a legal basis,
 * consents (terms, data elements, frequency, suspension, revocation) and objections to
 * proactive exchanges (CRPA L114-8 II) — and throws the denial as a problem.
 * The question names the data elements the exchange would deliver: those linked to the fields
 * the granted scopes release (a consent or an objection limited to some elements is matched
 * against them). Without a checker module, `refuseConsentRequired` fails closed.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import type { ConsentChecker } from '../ports.js';

async function requestedElements(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<string[]> {
  const api = ctx.target!.api;
  if (api.consentPolicy === 'none' || !rt.ports.catalog.dataElements) return [];
  const pointers = (ctx.grantedScopes ?? []).flatMap((s) => s.pointers);
  return pointers.length ? rt.ports.catalog.dataElements(api.slug, pointers) : [];
}

export async function checkConsent(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  // Open APIs have no subject and no consent policy (open-access.ts): nothing to consent to.
  if (ctx.openAccess) return;
  let decision;
  try {
    decision = await rt.ports.consent.check({
      api: ctx.target!.api,
      contract: ctx.contract!,
      subjectRef: ctx.subject?.ref ?? null,
      subjectKind: ctx.subject?.kind ?? null,
      citizenPresent: ctx.citizenPresent === true,
      dataElements: await requestedElements(ctx, rt),
    });
  } catch (err) {
    // The ledger event of the denial names what refused it (record.ts writes `detail.consent`).
    const cause =
      err instanceof ProblemError ? (err.cause as { kind?: unknown; objectionId?: string; consentId?: string } | undefined) : undefined;
    if (cause?.kind === 'consent_denial') {
      ctx.consent = {
        mode: 'denied',
        ...(cause.objectionId ? { objectionId: cause.objectionId } : {}),
        ...(cause.consentId ? { consentId: cause.consentId } : {}),
      };
    }
    throw err;
  }
  if (decision) ctx.consent = decision;
}

/**
 * Gives back the use a capped consent counted when the exchange failed afterwards (the
 * producer did not deliver): frequency caps count exchanges that delivered data.
 */
export async function refundConsentUse(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  if (!ctx.problem || ctx.problem.code.startsWith('client.') || !ctx.consent?.countedUse || !rt.ports.consent.refund) return;
  await rt.ports.consent.refund(ctx.consent).catch(() => undefined);
}

/** The interim checker: `consent_required` APIs are refused, others pass. */
export const refuseConsentRequired: ConsentChecker = {
  async check(q) {
    if (q.api.consentPolicy === 'consent_required') {
      throw new ProblemError('client.consent_missing', { detail: 'Cette API exige le consentement de la personne concernée.' });
    }
  },
};
