/**
 * `/audit/cas/{id}/signalements`: the messages of the people who reported the accesses of one
 * case (opened for the auditor, each read recorded), and the answer written for each of them.
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

export interface CaseReportsModel {
  user: { name: string; csrfToken?: string };
  caseId: string;
  reports: {
    reportId: string;
    eventId: string;
    message: string;
    messageSha256: string;
    createdAt: string;
    reply: { text: string; at: string } | null;
  }[];
  notice: string | null;
}

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });

export function renderCaseReportsPage(m: CaseReportsModel): SafeHtml {
  const csrf = m.user.csrfToken ?? '';
  return layout({
    title: 'Signalements des personnes',
    section: 'audit',
    user: { name: m.user.name, logoutUrl: '/auth/logout' },
    csrfToken: csrf,
    body: html`<nav class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/audit/cas">Cas</a></li><li><a class="fr-breadcrumb__link" href="/audit/cas/${m.caseId}">Le cas</a></li><li><a class="fr-breadcrumb__link" aria-current="page">Signalements</a></li></ol></nav>
<h1>Signalements des personnes</h1>
${m.notice ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${m.notice}</p></div>` : ''}
<p>Chaque message est conservé chiffré ; le journal n’en garde que l’empreinte (SHA-256), affichée pour vérification. Votre lecture est inscrite au journal.</p>
${
  m.reports.length === 0
    ? html`<p>Aucun signalement pour ce cas.</p>`
    : m.reports.map(
        (r, i) => html`<section class="fr-mb-4w" data-report="${r.reportId}" aria-labelledby="signalement-${i}">
<h2 class="fr-h5" id="signalement-${i}">Signalement du ${when(r.createdAt)}</h2>
<p>Échange signalé : <code>${r.eventId}</code></p>
<blockquote data-message><p>${r.message || '(sans message)'}</p></blockquote>
<p class="fr-text--xs">Empreinte : <code>${r.messageSha256}</code></p>
${r.reply ? html`<div class="fr-callout" data-reply><p class="fr-callout__title">Réponse donnée le ${when(r.reply.at)}</p><p class="fr-callout__text">${r.reply.text}</p></div>` : ''}
<form method="post" action="/audit/cas/${m.caseId}/signalements/${r.reportId}/reponse"><input type="hidden" name="_csrf" value="${csrf}">
<div class="fr-input-group"><label class="fr-label" for="reponse-${i}">Réponse à la personne (sa conclusion, en mots simples)</label><textarea class="fr-input" id="reponse-${i}" name="reply" maxlength="4000" rows="4" required></textarea></div>
<button class="fr-btn" type="submit">Envoyer la réponse</button></form>
</section>`,
      )
}`,
  });
}
