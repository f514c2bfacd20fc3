/**
 * The exchange's ConsentChecker port over the consent domain (STYLE.md #11):
 * - APIs whose policy is not `consent_required` pass (their legal basis is the contract's);
 * - FranceConnect mode: the citizen is present and authenticated by the identity provider —
 *   their presence is consent for this one exchange (`mode: 'franceconnect'`);
 * - otherwise the subject's consents decide (`checkConsent` of the domain), fail closed.
 */
import { ProblemError } from '../../schemas/index.js';
import type { ConsentCheckerHandle } from '../../consent/index.js';
import type { ConsentChecker } from '../../exchange/ports.js';

export function consentCheckerPort(checker: () => ConsentCheckerHandle): ConsentChecker {
  return {
    async check(q) {
      if (q.api.consentPolicy !== 'consent_required') return;
      if (q.citizenPresent) return { mode: 'franceconnect' };
      if (!q.subjectRef) throw new ProblemError('client.consent_missing', { detail: 'Cette API exige le consentement de la personne concernée.' });
      const grant = await checker().check({ subjectRef: q.subjectRef, apiSlug: q.api.slug, consumerSiret: q.contract.consumerSiret, purpose: q.contract.purpose });
      return { mode: 'consent', consentId: grant.consentId, version: grant.version, dataElements: grant.dataElements };
    },
  };
}
