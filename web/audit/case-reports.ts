/**
 * The citizens' reports a case instructs, on the case page (`/audit/cas/{id}`, section
 * `#signalements`): each message (opened for the auditor, the read recorded with the case's),
 * its digest as the ledger holds it, and the answer written for the person.
 */
import { html, type SafeHtml } from '../html.js';
import { csrfField, when } from './common.js';

export interface CaseReportLine {
  reportId: string;
  eventId: string;
  message: string;
  messageSha256: string;
  createdAt: string;
  reply: { text: string; at: string } | null;
}

export function renderCaseReports(caseId: string, reports: readonly CaseReportLine[], csrfToken: string | undefined): SafeHtml {
  return html`<section id="signalements" aria-labelledby="signalements-titre">
<h2 id="signalements-titre">Signalements des personnes (${reports.length})</h2>
${
  reports.length === 0
    ? html`<p>Aucun signalement pour ce cas.</p>`
    : html`<p>Chaque message est conservé chiffré ; le journal n’en garde que l’empreinte (SHA-256), affichée pour vérification. Votre lecture est inscrite au journal.</p>
${reports.map(
  (r, i) => html`<div class="fr-mb-4w" data-report="${r.reportId}" role="group" aria-labelledby="signalement-${i}">
<h3 class="fr-h5" id="signalement-${i}">Signalement du ${when(r.createdAt)}</h3>
<p>Échange signalé : <code>${r.eventId}</code></p>
<blockquote data-message><p>${r.message || '(sans message)'}</p></blockquote>
<p class="fr-text--xs">Empreinte : <code>${r.messageSha256}</code></p>
${r.reply ? html`<div class="fr-callout" data-reply><p class="fr-callout__title">Réponse donnée le ${when(r.reply.at)}</p><p class="fr-callout__text">${r.reply.text}</p></div>` : ''}
<form method="post" action="/audit/cas/${caseId}/signalements/${r.reportId}/reponse" data-reply-form>${csrfField(csrfToken)}
<div class="fr-input-group"><label class="fr-label" for="reponse-${i}">Réponse à la personne (sa conclusion, en mots simples)</label><textarea class="fr-input" id="reponse-${i}" name="reply" maxlength="4000" rows="4" required></textarea></div>
<button class="fr-btn" type="submit">Envoyer la réponse</button></form>
</div>`,
)}`
}
</section>`;
}
