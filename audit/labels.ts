/** French labels of case kinds and statuses (console, notifications). */
export const CASE_KIND_LABELS: Record<string, string> = {
  call_after_end: 'Appel après révocation ou expiration du contrat',
  recipient_outside_contract: 'Destinataire hors du contrat',
  volume_above_declared: 'Volume supérieur au volume déclaré',
  delegation_volume_above_declared: 'Éditeur au-delà du volume déclaré dans la délégation',
  unusual_subject_count: 'Nombre inhabituel de personnes concernées',
  unused_scopes: 'Périmètres accordés jamais utilisés (90 jours)',
  denial_burst: 'Rafale de refus',
  unusual_hours: 'Appels à des heures inhabituelles',
  citizen_report: 'Signalement d’un accès suspect par un usager',
};

export const CASE_STATUS_LABELS: Record<string, string> = { open: 'Ouvert', investigating: 'En cours d’instruction', closed: 'Clos' };

export function caseKindLabel(kind: string): string {
  return CASE_KIND_LABELS[kind] ?? kind;
}
