/**
 * The exchange's ConsentChecker port over the consent domain: `decide` of the process's
 * checker answers for every policy of the catalogue (docs/architecture.md, "Exchange
 * pipeline"):
 * - allowed on the contract's legal basis (or no consent needed): nothing to record;
 * - allowed by the citizen present (FranceConnect mode): `{ mode: 'franceconnect' }`;
 * - allowed by a consent: `{ mode: 'consent', consentId, version, dataElements, countedUse }` —
 *   minimise then keeps only the fields of the consented elements;
 * - denied: the problem of the denial (`client.subject_objected`, `client.consent_suspended`,
 *   …) with nothing of the person's reasons; the objection or consent that refused travels
 *   as the problem's internal cause, for the ledger event only (check-consent.ts).
 * `refund` gives back the use a capped consent counted when the producer then failed.
 */
import { ProblemError } from '../../schemas/index.js';
import { denialProblem, type ConsentCheckerHandle, type ExchangeDecision } from '../../consent/index.js';
import type { ConsentChecker, ConsentDecision } from '../../exchange/index.js';

/** The internal cause of a consent denial (never serialised into the answer). */
export interface ConsentDenialCause {
  kind: 'consent_denial';
  objectionId?: string;
  consentId?: string;
}

export function consentCheckerPort(checker: () => ConsentCheckerHandle): ConsentChecker {
  return {
    async check(q) {
      const d = await checker().decide({
        policy: { consentPolicy: q.api.consentPolicy, proactive: q.api.proactive === true },
        apiSlug: q.api.slug,
        producerSiret: q.api.producerSiret,
        consumerSiret: q.contract.consumerSiret,
        purpose: q.contract.purpose,
        subjectRef: q.subjectRef,
        dataElements: q.dataElements ?? [],
        citizenPresent: q.citizenPresent === true,
      });
      if (!d.allowed) {
        const p = denialProblem(d);
        const cause: ConsentDenialCause = {
          kind: 'consent_denial',
          ...(d.objectionId ? { objectionId: d.objectionId } : {}),
          ...(d.consentId ? { consentId: d.consentId } : {}),
        };
        throw new ProblemError(p.code, { detail: p.detail, ...(p.headers ? { headers: p.headers } : {}), cause });
      }
      if (d.basis === 'franceconnect') return { mode: 'franceconnect' };
      if (d.basis !== 'consent' || !d.consent) return;
      // A consent to every element of the API restricts nothing; otherwise only what it releases.
      const decision: ConsentDecision = {
        mode: 'consent',
        consentId: d.consent.consentId,
        version: d.consent.version,
        dataElements: d.consent.dataElements.length ? (d.dataElements ?? []) : [],
      };
      if (d.countedUse) decision.countedUse = d.countedUse;
      return decision;
    },
    async refund(decision) {
      if (decision.mode !== 'consent' || !decision.countedUse) return;
      const counted: ExchangeDecision = { allowed: true, basis: 'consent', countedUse: decision.countedUse, dataElements: null };
      await checker().refundUse(counted);
    },
  };
}
