/** Consents in force and pending requests, with their actions (POST forms with the CSRF token). */
import { html, type SafeHtml } from '../html.js';
import { CONSENT_STATUS_FR, PERIOD_FR, dateFr, listFr } from './format.js';
import type { MoiConsent, MoiRequest } from './types.js';

function action(path: string, csrf: string, label: string, srLabel: string, kind = 'fr-btn--secondary'): SafeHtml {
  return html`<li><form method="post" action="${path}"><input type="hidden" name="_csrf" value="${csrf}"><button class="fr-btn fr-btn--sm ${kind}" type="submit">${label}<span class="fr-sr-only"> ${srLabel}</span></button></form></li>`;
}

function consentCard(c: MoiConsent, csrf: string): SafeHtml {
  const s = CONSENT_STATUS_FR[c.status]!;
  const about = `(${c.consumerName}, ${c.apiTitle})`;
  const base = `/moi/consentements/${c.id}`;
  return html`<li class="fr-card fr-mb-2w fr-p-3w" data-consent="${c.id}">
<h3 class="fr-h6 fr-mb-1w">${c.consumerName} — ${c.apiTitle}</h3>
<p class="fr-badge fr-badge--sm ${s.badge}" data-status="${c.status}">${s.label}</p>
<p class="fr-mb-1w">Finalité : ${c.purpose}</p>
<p class="fr-text--sm fr-mb-1w">Données : ${c.dataLabels.length ? listFr(c.dataLabels) : 'toutes celles de cette API'}. Valable du ${dateFr(c.validFrom)} au ${dateFr(c.validUntil)}${c.frequency ? html`, au plus ${c.frequency.max} consultation(s) par ${PERIOD_FR[c.frequency.period]}` : ''}.</p>
<ul class="fr-btns-group fr-btns-group--inline-sm">
${c.status === 'active' ? action(`${base}/suspendre`, csrf, 'Suspendre', about) : ''}
${c.status === 'paused' ? action(`${base}/retablir`, csrf, 'Rétablir', about) : ''}
${c.status === 'active' || c.status === 'paused' ? action(`${base}/retirer`, csrf, 'Retirer mon consentement', about, 'fr-btn--tertiary') : ''}
</ul></li>`;
}

function requestCard(r: MoiRequest, csrf: string): SafeHtml {
  const about = `(${r.consumerName}, ${r.apiTitle})`;
  return html`<li class="fr-card fr-mb-2w fr-p-3w" data-request="${r.id}">
<h3 class="fr-h6 fr-mb-1w">${r.consumerName} vous demande votre accord</h3>
<p class="fr-mb-1w">Finalité : ${r.purpose}</p>
<p class="fr-text--sm fr-mb-1w">Données : ${r.dataLabels.length ? listFr(r.dataLabels) : html`toutes celles de l’API « ${r.apiTitle} »`}. Durée : ${r.durationDays} jours. Demande du ${dateFr(r.createdAt)}.</p>
<ul class="fr-btns-group fr-btns-group--inline-sm">
${action(`/moi/demandes/${r.id}/accepter`, csrf, 'Accepter', about, 'fr-btn--primary')}
${action(`/moi/demandes/${r.id}/refuser`, csrf, 'Refuser', about)}
</ul></li>`;
}

export function renderConsents(consents: MoiConsent[], requests: MoiRequest[], csrf: string): SafeHtml {
  const pending = requests.filter((r) => r.status === 'pending');
  return html`<section class="fr-mb-6w" aria-labelledby="titre-demandes">
<h2 id="titre-demandes">Demandes en attente de votre réponse</h2>
${pending.length ? html`<ul class="fr-raw-list">${pending.map((r) => requestCard(r, csrf))}</ul>` : html`<p>Aucune demande en attente.</p>`}
</section>
<section class="fr-mb-6w" aria-labelledby="titre-consentements" id="consentements">
<h2 id="titre-consentements">Mes consentements</h2>
<p>Certaines données ne peuvent être transmises qu’avec votre accord. Vous pouvez le suspendre ou le retirer à tout moment : les échanges suivants seront refusés.</p>
${consents.length ? html`<ul class="fr-raw-list">${consents.map((c) => consentCard(c, csrf))}</ul>` : html`<p>Vous n’avez donné aucun consentement.</p>`}
</section>`;
}
