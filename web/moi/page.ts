/** `/moi` — « Qui a consulté mes données ? » (French, DSFR, RGAA basics). */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { franceConnectButton } from '../auth/connect-buttons.js';
import { renderTimeline } from './timeline.js';
import { renderFilters } from './filters.js';
import { renderConsents } from './consents.js';
import { formatDate } from '../french/index.js';
import type { MoiModel } from './types.js';
import { renderDossierLinks } from './dossier-pages.js';

/** The periods archived under their retention: their exchanges are no longer in this trail. */
function archivedNotice(m: MoiModel): SafeHtml | string {
  if (!m.archivedPeriods?.length) return '';
  return html`<div class="fr-callout fr-mb-3w" id="periodes-archivees"><p class="fr-callout__text">${m.archivedPeriods.map((p) => html`<span data-periode-archivee>Période archivée : du ${formatDate(p.from)} au ${formatDate(p.to)}.</span> `)}Les échanges de ces périodes ont dépassé leur durée de conservation : ils ont été versés aux archives, dans un paquet signé et vérifiable, puis retirés de cet historique.</p></div>`;
}

function notice(m: MoiModel): SafeHtml | string {
  if (!m.notice) return '';
  const cls = m.notice.kind === 'success' ? 'fr-alert--success' : 'fr-alert--error';
  return html`<div class="fr-alert ${cls} fr-alert--sm fr-mb-3w" role="${m.notice.kind === 'success' ? 'status' : 'alert'}" id="message"><p>${m.notice.text}</p></div>`;
}

export function renderMoiPage(m: MoiModel): SafeHtml {
  return layout({
    title: 'Qui a consulté mes données ?',
    section: 'moi',
    user: m.user,
    csrfToken: m.csrfToken,
    body: html`<h1>Qui a consulté mes données ?</h1>
${notice(m)}
<p class="fr-text--lead">Chaque fois qu’une administration obtient une information vous concernant par Datapedia, l’échange est inscrit dans un journal infalsifiable. Vous le voyez ici : qui, quand, pourquoi, sur quelle base légale. Les valeurs elles-mêmes ne sont jamais affichées ni conservées dans le journal.</p>
${renderDossierLinks({ acting: m.acting === true, csrfToken: m.csrfToken })}
${m.company ? html`<p>Vous voyez aussi les échanges concernant l’entreprise que vous représentez (SIREN ${m.company.siren}).</p>` : ''}
${renderConsents(m.consents, m.requests, m.csrfToken)}
<section aria-labelledby="titre-historique" id="historique">
<h2 id="titre-historique">Historique des échanges</h2>
<p>Chaque échange a sa preuve, que vous pouvez vérifier sans faire confiance à Datapedia : <a href="/moi/preuve">vérifier la preuve d’un échange</a>.</p>
${archivedNotice(m)}
${renderFilters(m)}
${renderTimeline(m.exchanges, m.csrfToken, m.nextHref)}
</section>`,
  });
}

/** Anonymous visitor: explains and offers the FranceConnect login. */
export function renderMoiLogin(): SafeHtml {
  return layout({
    title: 'Qui a consulté mes données ?',
    section: 'moi',
    body: html`<h1>Qui a consulté mes données ?</h1>
<p class="fr-text--lead">Connectez-vous pour voir quelles administrations ont échangé des informations vous concernant, gérer vos consentements et signaler un accès suspect.</p>
${franceConnectButton('/auth/citizen/login?retour=%2Fmoi')}`,
  });
}

/** A signed-in agent or operator: the citizen space is for people about themselves. */
export function renderMoiForbidden(user: { name: string; logoutUrl: string } | null, csrfToken?: string): SafeHtml {
  return layout({
    title: 'Espace réservé aux particuliers',
    section: 'moi',
    user,
    csrfToken,
    body: html`<h1>Espace réservé aux particuliers</h1><p>Cet espace montre à une personne les échanges la concernant. Vous êtes connecté(e) en tant qu’agent : déconnectez-vous puis identifiez-vous avec FranceConnect.</p>`,
  });
}
