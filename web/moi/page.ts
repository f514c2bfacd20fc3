/** `/moi` — « Qui a consulté mes données ? » (French, DSFR, RGAA basics). */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { franceConnectButton } from '../auth/connect-buttons.js';
import { renderTimeline } from './timeline.js';
import { renderFilters } from './filters.js';
import { renderConsents } from './consents.js';
import type { MoiModel } from './types.js';

function notice(m: MoiModel): SafeHtml | string {
  if (!m.notice) return '';
  const cls = m.notice.kind === 'success' ? 'fr-alert--success' : 'fr-alert--error';
  return html`<div class="fr-alert ${cls} fr-alert--sm fr-mb-3w" role="${m.notice.kind === 'success' ? 'status' : 'alert'}" id="message"><p>${m.notice.text}</p></div>`;
}

export function renderMoiPage(m: MoiModel): SafeHtml {
  return layout({
    title: 'Qui a consulté mes données ?', section: 'moi', user: m.user, csrfToken: m.csrfToken,
    body: html`<h1>Qui a consulté mes données ?</h1>
${notice(m)}
<p class="fr-text--lead">Chaque fois qu’une administration obtient une information vous concernant par Datapedia, l’échange est inscrit dans un journal infalsifiable. Vous le voyez ici : qui, quand, pourquoi, sur quelle base légale. Les valeurs elles-mêmes ne sont jamais affichées ni conservées dans le journal.</p>
${m.company ? html`<p>Vous voyez aussi les échanges concernant l’entreprise que vous représentez (SIREN ${m.company.siren}).</p>` : ''}
${renderConsents(m.consents, m.requests, m.csrfToken)}
<section aria-labelledby="titre-historique" id="historique">
<h2 id="titre-historique">Historique des échanges</h2>
${renderFilters(m)}
${renderTimeline(m.exchanges, m.csrfToken, m.nextHref)}
</section>`,
  });
}

/** Anonymous visitor: explains and offers the FranceConnect login. */
export function renderMoiLogin(): SafeHtml {
  return layout({
    title: 'Qui a consulté mes données ?', section: 'moi',
    body: html`<h1>Qui a consulté mes données ?</h1>
<p class="fr-text--lead">Connectez-vous pour voir quelles administrations ont échangé des informations vous concernant, gérer vos consentements et signaler un accès suspect.</p>
${franceConnectButton('/auth/citizen/login?retour=%2Fmoi')}`,
  });
}

/** A signed-in agent or operator: the citizen space is for people about themselves. */
export function renderMoiForbidden(user: { name: string; logoutUrl: string } | null, csrfToken?: string): SafeHtml {
  return layout({
    title: 'Espace réservé aux particuliers', section: 'moi', user, csrfToken,
    body: html`<h1>Espace réservé aux particuliers</h1><p>Cet espace montre à une personne les échanges la concernant. Vous êtes connecté(e) en tant qu’agent : déconnectez-vous puis identifiez-vous avec FranceConnect.</p>`,
  });
}
