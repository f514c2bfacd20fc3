import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDateTime } from '../french/index.js';
import type { Need, UseCase } from '../../counter/index.js';
import { breadcrumb, csrf, noticeBox, orgName, userOf, type GuichetUser } from './common.js';

export interface ModerationModel {
  user: GuichetUser;
  useCases: UseCase[];
  needs: Need[];
  orgNames: Record<string, string>;
  notice?: string;
}

function decisionForm(u: GuichetUser, kind: 'cas-usage' | 'besoin', id: string, label: string): SafeHtml {
  return html`<form method="post" action="/guichet/moderation/${kind}/${id}" class="fr-mb-2w">${csrf(u)}
<div class="fr-input-group"><label class="fr-label" for="note-${id}">Motif (obligatoire pour refuser) — ${label}</label><input class="fr-input" id="note-${id}" name="note"></div>
<ul class="fr-btns-group fr-btns-group--inline-sm">
<li><button class="fr-btn" type="submit" name="decision" value="publish" id="publier-${id}">Publier</button></li>
<li><button class="fr-btn fr-btn--secondary" type="submit" name="decision" value="reject" id="refuser-${id}">Refuser</button></li></ul></form>`;
}

/** `/guichet/moderation`: what administrations wrote, waiting for the operator's review. */
export function renderModerationPage(m: ModerationModel): SafeHtml {
  return layout({
    title: 'Relecture du guichet',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user.csrfToken,
    body: html`${breadcrumb([{ label: 'Relecture' }])}
<h1>Relecture avant publication</h1>
${noticeBox(m.notice)}
<section class="fr-mb-4w" aria-labelledby="relire-cas"><h2 id="relire-cas">Cas d’usage</h2>
${
  m.useCases.length
    ? m.useCases.map(
        (u) => html`<article class="fr-mb-3w" data-use-case="${u.slug}"><h3><a href="/guichet/cas-usage/${u.slug}">${u.title}</a></h3>
<p>${orgName(m.orgNames, u.authorSiret)}, le ${formatDateTime(u.createdAt)}</p><p>${u.summary}</p>${decisionForm(m.user, 'cas-usage', u.id, u.title)}</article>`,
      )
    : html`<p>Aucun cas d’usage à relire.</p>`
}</section>
<section aria-labelledby="relire-besoins"><h2 id="relire-besoins">Besoins de données</h2>
${
  m.needs.length
    ? m.needs.map(
        (n) => html`<article class="fr-mb-3w" data-need="${n.id}"><h3><a href="/guichet/besoins/${n.id}">${n.title}</a></h3>
<p>${orgName(m.orgNames, n.requesterSiret)}, le ${formatDateTime(n.createdAt)}</p><p>${n.purpose}</p>${decisionForm(m.user, 'besoin', n.id, n.title)}</article>`,
      )
    : html`<p>Aucun besoin à relire.</p>`
}</section>`,
  });
}
