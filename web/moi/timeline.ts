/** The trail as a timeline, newest first, each exchange told in plain words. */
import { html, type SafeHtml } from '../html.js';
import { CASE_STATUS_FR, dateTimeFr, listFr } from './format.js';
import { aupresDe, badgeOf, OUTCOME } from '../french/index.js';
import type { MoiExchange } from './types.js';

function who(e: MoiExchange): string {
  const name = e.consumer.name ?? 'Une administration non identifiée';
  return e.consumer.siret ? `${name} (SIRET ${e.consumer.siret})` : name;
}

function what(e: MoiExchange): string {
  if (e.dataElements.length) return listFr(e.dataElements.map((d) => d.label));
  return e.api.title ? `les données de l’API « ${e.api.title} »` : 'des données';
}

function sentence(e: MoiExchange): string {
  const from = e.producer.name ? ` ${aupresDe(e.producer.name)}` : '';
  if (e.outcome === 'served') return `${who(e)} a obtenu${from} : ${what(e)}.`;
  return `${who(e)} a demandé${from} : ${what(e)}.`;
}

function reportForm(e: MoiExchange, csrf: string, when: string): SafeHtml {
  if (e.report)
    return html`<p class="fr-badge fr-badge--info fr-badge--sm" data-report="${e.report.reportId}">${CASE_STATUS_FR[e.report.status] ?? e.report.status}</p>`;
  return html`<details class="fr-mt-1w"><summary class="fr-link">Signaler un accès suspect<span class="fr-sr-only"> (échange du ${when})</span></summary>
<form method="post" action="/moi/echanges/${e.id}/signaler" class="fr-mt-1w">
<input type="hidden" name="_csrf" value="${csrf}">
<div class="fr-input-group"><label class="fr-label" for="message-${e.id}">Pourquoi cet accès vous semble-t-il suspect ? <span class="fr-hint-text">Facultatif, 2 000 caractères au plus</span></label>
<textarea class="fr-input" id="message-${e.id}" name="message" maxlength="2000" rows="3"></textarea></div>
<button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">Envoyer le signalement</button>
</form></details>`;
}

function item(e: MoiExchange, csrf: string): SafeHtml {
  const when = dateTimeFr(e.occurredAt);
  return html`<li class="fr-card fr-mb-2w fr-p-3w" id="echange-${e.id}" data-exchange="${e.id}">
<h3 class="fr-h6 fr-mb-1w">Le ${when}</h3>
<p class="fr-mb-1w">${sentence(e)}</p>
<ul class="fr-text--sm fr-mb-1w">
${e.context || e.object ? html`<li>Motif indiqué : ${e.context ?? ''}${e.object ? html` — ${e.object}` : ''}</li>` : ''}
${e.legalBasis ? html`<li>Base légale : ${e.legalBasis.nature}</li>` : ''}
${e.recipient && e.recipient !== e.consumer.siret ? html`<li>Destinataire des données : SIRET ${e.recipient}</li>` : ''}
${e.consent?.mode === 'franceconnect' ? html`<li>Vous étiez présent(e) et connecté(e) avec FranceConnect : votre connexion valait accord pour cet échange.</li>` : ''}
${e.consent?.mode === 'consent' ? html`<li>Autorisé par votre consentement.</li>` : ''}
</ul>
<p class="fr-badge fr-badge--sm ${badgeOf(OUTCOME, e.outcome)}" data-outcome="${e.outcome}">${e.outcomeLabel}</p>
<p class="fr-mt-1w fr-mb-0"><a class="fr-link fr-link--sm fr-icon-download-line fr-link--icon-left" href="/v1/me/exchanges/${e.id}/proof" download="preuve-${e.id}.json" data-preuve>Télécharger la preuve<span class="fr-sr-only"> de l’échange du ${when}</span></a></p>
${reportForm(e, csrf, when)}
</li>`;
}

export function renderTimeline(items: MoiExchange[], csrf: string, nextHref: string | null): SafeHtml {
  if (items.length === 0) return html`<p id="aucun-echange">Aucun échange ne correspond à votre recherche.</p>`;
  return html`<ol class="fr-raw-list" aria-label="Échanges, du plus récent au plus ancien">${items.map((e) => item(e, csrf))}</ol>
${nextHref ? html`<p><a class="fr-link" href="${nextHref}">Voir les échanges plus anciens</a></p>` : ''}`;
}
