/** The outcome of an exchange in plain French, with the reason of a refusal. */
const REASONS: Record<string, string> = {
  'client.consent_missing': 'votre consentement n’avait pas été donné',
  'client.consent_revoked': 'vous aviez retiré votre consentement',
  'client.consent_expired': 'votre consentement était expiré',
  'client.consent_suspended': 'vous aviez suspendu votre consentement',
  'client.consent_terms_exceeded': 'les données demandées dépassaient ce que vous aviez accepté',
  'client.subject_objected': 'vous vous étiez opposé(e) à cet échange',
  'client.contract_inactive': 'l’habilitation de l’administration n’était pas active',
  'client.endpoint_not_granted': 'l’administration n’était pas habilitée pour cette donnée',
  'client.scope_not_granted': 'l’administration n’était pas habilitée pour cette donnée',
  'client.recipient_not_allowed': 'le destinataire n’était pas habilité',
  'client.rate_limited': 'trop de demandes',
  'client.unauthenticated': 'l’administration ne s’était pas identifiée',
  'client.invalid_token': 'l’administration ne s’était pas identifiée',
  'client.token_expired': 'l’administration ne s’était pas identifiée',
};

export function outcomeLabel(outcome: 'served' | 'denied' | 'failed', problemCode: string | null): string {
  if (outcome === 'served') return 'Données transmises';
  if (outcome === 'failed') return 'Échec technique : aucune donnée transmise';
  const why = problemCode ? REASONS[problemCode] : undefined;
  return why ? `Refusé : ${why} — aucune donnée transmise` : 'Refusé — aucune donnée transmise';
}
