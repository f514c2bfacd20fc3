/**
 * The citizen's dossier beyond the trail (French, DSFR, plain words): rights and objections by
 * each API's policy, the confirmation of a report and the reports' follow-up, notification
 * choices, representatives, "Mes données". Pure functions of their view models.
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

export interface DossierUser {
  user: { name: string; logoutUrl: string };
  csrfToken: string;
  /** Set when a representative reads the dossier of the person they represent. */
  actingFor: { kindLabel: string } | null;
  notice: { kind: 'success' | 'error'; text: string } | null;
}

export interface RightsView {
  apiSlug: string;
  apiTitle: string;
  producerName: string;
  consentPolicy: 'legal_basis' | 'consent_required';
  consent: boolean;
  objection: boolean;
  activeObjectionId: string | null;
}

export interface ReportFollowUp {
  id: string;
  eventId: string;
  createdAt: string;
  statusLabel: string;
  reply: { text: string; at: string } | null;
}

export interface MandateView {
  id: string;
  kindLabel: string;
  evidenceRef: string;
  validUntil: string;
  status: 'declared' | 'accepted' | 'refused' | 'revoked';
  inForce: boolean;
}

export interface MyDataSource {
  apiSlug: string;
  apiTitle: string;
  producerName: string;
}

export interface MyDataView {
  apiTitle: string;
  answers: { summary: string; ok: boolean; values: { label: string; value: string }[] }[];
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

function frame(u: DossierUser, title: string, body: SafeHtml): SafeHtml {
  const notice = u.notice
    ? html`<div class="fr-alert ${u.notice.kind === 'success' ? 'fr-alert--success' : 'fr-alert--error'} fr-alert--sm fr-mb-3w" role="${u.notice.kind === 'success' ? 'status' : 'alert'}" id="message"><p>${u.notice.text}</p></div>`
    : '';
  const acting = u.actingFor
    ? html`<div class="fr-notice fr-notice--info fr-mb-3w" id="representation-en-cours"><div class="fr-container"><div class="fr-notice__body"><p class="fr-notice__title">Vous agissez pour la personne que vous représentez (${u.actingFor.kindLabel}).</p><form method="post" action="/moi/representation"><input type="hidden" name="_csrf" value="${u.csrfToken}"><input type="hidden" name="mandat" value="moi"><button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">Revenir à mon dossier</button></form></div></div></div>`
    : '';
  return layout({
    title,
    section: 'moi',
    user: u.user,
    csrfToken: u.csrfToken,
    body: html`<nav class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/moi">Mon espace</a></li><li><a class="fr-breadcrumb__link" aria-current="page">${title}</a></li></ol></nav>
${acting}<h1>${title}</h1>
${notice}
${body}`,
  });
}

const csrf = (u: DossierUser) => html`<input type="hidden" name="_csrf" value="${u.csrfToken}">`;

/** `/moi/droits`: for each API about people, what its policy lets the person do. */
export function renderRightsPage(u: DossierUser, rights: RightsView[]): SafeHtml {
  const rows = rights.map(
    (r) => html`<li class="fr-mb-3w" data-api="${r.apiSlug}">
<h2 class="fr-h5">${r.apiTitle}</h2>
<p>Producteur : ${r.producerName}.</p>
${
  r.consentPolicy === 'legal_basis'
    ? html`<p>Ces données sont échangées sur le fondement d’un texte de loi : votre consentement n’est pas demandé et ne peut pas être retiré.</p>`
    : html`<p>Ces données ne sont transmises qu’avec votre consentement. Vous le donnez, le suspendez ou le retirez dans <a href="/moi#consentements">vos consentements</a>.</p>`
}
${
  r.objection
    ? r.activeObjectionId
      ? html`<p data-objection="active"><strong>Vous vous êtes opposé(e)</strong> à ce que des administrations obtiennent ces données pour vous proposer une aide que vous n’avez pas demandée. Elles sont refusées.</p>
<form method="post" action="/moi/oppositions/${r.activeObjectionId}/lever">${csrf(u)}<button class="fr-btn fr-btn--secondary" type="submit">Lever mon opposition</button></form>`
      : html`<p>Des administrations peuvent obtenir ces données pour vous proposer une aide que vous n’avez pas demandée (article L. 114-8 du code des relations entre le public et l’administration). Vous pouvez vous y opposer : elles seront alors refusées, sans que l’administration sache pourquoi.</p>
<form method="post" action="/moi/oppositions">${csrf(u)}<input type="hidden" name="api" value="${r.apiSlug}"><button class="fr-btn" type="submit">Je m’oppose</button></form>`
    : ''
}
</li>`,
  );
  return frame(
    u,
    'Mes droits sur les échanges',
    html`<p class="fr-text--lead">Pour chaque source de données vous concernant, ce que la loi prévoit et ce que vous pouvez faire.</p><ul class="fr-raw-list">${rows}</ul>`,
  );
}

/** The confirmation step of a report: the message is shown back, nothing is filed yet. */
export function renderReportConfirmation(
  u: DossierUser,
  r: { exchangeId: string; when: string; consumerName: string; message: string },
): SafeHtml {
  return frame(
    u,
    'Confirmer le signalement',
    html`<p>Vous allez signaler comme suspect l’échange du ${day(r.when)} par ${r.consumerName}. Un contrôleur lira votre message et vous répondra ici.</p>
<form method="post" action="/moi/echanges/${r.exchangeId}/signaler/confirmer">${csrf(u)}
<div class="fr-input-group"><label class="fr-label" for="message-texte">Votre message (facultatif, 2 000 caractères au plus)</label><textarea class="fr-input" id="message-texte" name="message" maxlength="2000" rows="4">${r.message}</textarea></div>
<ul class="fr-btns-group fr-btns-group--inline"><li><button class="fr-btn" type="submit">Confirmer et envoyer le signalement</button></li><li><a class="fr-btn fr-btn--secondary" href="/moi#echange-${r.exchangeId}">Annuler</a></li></ul>
</form>`,
  );
}

/** `/moi/signalements`: each report, the case's status and the auditor's answer. */
export function renderReportsPage(u: DossierUser, reports: ReportFollowUp[]): SafeHtml {
  const items =
    reports.length === 0
      ? html`<p>Vous n’avez fait aucun signalement.</p>`
      : html`<ul class="fr-raw-list">${reports.map(
          (r) => html`<li class="fr-mb-3w" data-report="${r.id}">
<p>Signalement du ${day(r.createdAt)} — <a href="/moi#echange-${r.eventId}">voir l’échange</a>. Statut : <strong data-status>${r.statusLabel}</strong>.</p>
${r.reply ? html`<div class="fr-callout" data-reply><p class="fr-callout__title">Réponse du contrôleur (${day(r.reply.at)})</p><p class="fr-callout__text">${r.reply.text}</p></div>` : ''}
</li>`,
        )}</ul>`;
  return frame(u, 'Mes signalements', items);
}

/** `/moi/notifications`: opt-in choices (no data value is ever sent by e-mail). */
export function renderNotificationsPage(
  u: DossierUser,
  p: {
    email: string | null;
    digest: 'immediate' | 'daily';
    kinds: Record<'data_obtained' | 'consent_request' | 'dossier_status', boolean>;
  },
): SafeHtml {
  const box = (name: keyof typeof p.kinds, label: string) =>
    html`<div class="fr-checkbox-group"><input type="checkbox" id="k-${name}" name="${name}" value="1" ${p.kinds[name] ? 'checked' : ''}><label class="fr-label" for="k-${name}">${label}</label></div>`;
  return frame(
    u,
    'Être prévenu(e)',
    html`<p>Nous vous écrivons seulement si vous le demandez. Les courriels ne contiennent aucune de vos données : ils vous invitent à venir voir votre espace.</p>
<form method="post" action="/moi/notifications">${csrf(u)}
<div class="fr-input-group"><label class="fr-label" for="email">Adresse électronique</label><input class="fr-input" type="email" id="email" name="email" autocomplete="email" value="${p.email ?? ''}" required></div>
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Me prévenir quand</legend>
${box('data_obtained', 'une nouvelle administration a obtenu des données sur moi')}
${box('consent_request', 'une administration me demande mon consentement')}
${box('dossier_status', 'une démarche que j’ai faite change d’étape')}
</fieldset>
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Rythme</legend>
<div class="fr-radio-group"><input type="radio" id="d-now" name="digest" value="immediate" ${p.digest === 'immediate' ? 'checked' : ''}><label class="fr-label" for="d-now">À chaque fois</label></div>
<div class="fr-radio-group"><input type="radio" id="d-day" name="digest" value="daily" ${p.digest === 'daily' ? 'checked' : ''}><label class="fr-label" for="d-day">Un résumé par jour</label></div>
</fieldset>
<button class="fr-btn" type="submit">Enregistrer mes choix</button></form>`,
  );
}

/** `/moi/representation`: mandates naming the person, and the switch to a represented person's dossier. */
export function renderRepresentationPage(u: DossierUser, mandates: MandateView[]): SafeHtml {
  const form = (action: string, label: string, extra: SafeHtml | string = '', secondary = false) =>
    html`<form method="post" action="${action}" class="fr-mb-1w">${csrf(u)}${extra}<button class="fr-btn ${secondary ? 'fr-btn--secondary' : ''}" type="submit">${label}</button></form>`;
  const items =
    mandates.length === 0
      ? html`<p>Aucun mandat ne vous désigne comme représentant(e).</p>`
      : html`<ul class="fr-raw-list">${mandates.map(
          (m) => html`<li class="fr-mb-3w" data-mandate="${m.id}">
<p>Vous êtes désigné(e) comme <strong>${m.kindLabel}</strong> (justificatif : ${m.evidenceRef}), jusqu’au ${day(m.validUntil)}.</p>
${m.status === 'declared' ? html`${form(`/moi/mandats/${m.id}/accepter`, 'Accepter ce mandat')}${form(`/moi/mandats/${m.id}/refuser`, 'Refuser', '', true)}` : ''}
${m.inForce ? form('/moi/representation', 'Ouvrir son dossier', html`<input type="hidden" name="mandat" value="${m.id}">`) : ''}
${m.status === 'accepted' ? form(`/moi/mandats/${m.id}/renoncer`, 'Renoncer à ce mandat', '', true) : ''}
${m.status === 'refused' || m.status === 'revoked' ? html`<p>Ce mandat n’est plus en vigueur.</p>` : ''}
</li>`,
        )}</ul>`;
  return frame(
    u,
    'Agir pour un proche',
    html`<p>Un parent pour son enfant mineur, un tuteur désigné par un juge : vous pouvez consulter le dossier de la personne que vous représentez. Chaque ouverture est inscrite au journal.</p>${items}`,
  );
}

/** `/moi/mes-donnees`: the producers that can answer "what do you hold about me?". */
export function renderMyDataHome(u: DossierUser, sources: MyDataSource[]): SafeHtml {
  return frame(
    u,
    'Mes données',
    html`<p class="fr-text--lead">Demandez à une administration ce qu’elle sait de vous. La réponse s’affiche ici, pour vous seul(e) : elle n’est pas conservée. La consultation est inscrite dans votre historique.</p>
<ul class="fr-raw-list">${sources.map((s) => html`<li class="fr-mb-2w"><a class="fr-link" href="/moi/mes-donnees/${s.apiSlug}">${s.apiTitle}</a> — ${s.producerName}</li>`)}</ul>`,
  );
}

export function renderMyDataPage(u: DossierUser, v: MyDataView): SafeHtml {
  return frame(
    u,
    `Mes données : ${v.apiTitle}`,
    html`<p>Voici ce que cette administration a répondu à l’instant. Rien n’est conservé : rechargez la page pour la consulter à nouveau.</p>
${v.answers.map(
  (a) => html`<section class="fr-mb-3w"><h2 class="fr-h5">${a.summary}</h2>
${a.ok ? html`<dl data-values>${a.values.map((x) => html`<dt><strong>${x.label}</strong></dt><dd>${x.value}</dd>`)}</dl>` : html`<p>Cette administration n’a pas pu répondre pour le moment.</p>`}
</section>`,
)}
<p><a class="fr-link" href="/moi#historique">Voir cette consultation dans mon historique</a></p>`,
  );
}

/** The citizen space's other pages, linked from `/moi`; in a switched session, the representation banner. */
export function renderDossierLinks(o: { acting: boolean; csrfToken: string }): SafeHtml {
  const links: [string, string][] = [
    ['/moi/droits', 'Mes droits : base légale, consentement, opposition'],
    ['/moi/mes-donnees', 'Mes données : ce que les administrations savent de moi'],
    ['/moi/signalements', 'Mes signalements'],
    ['/moi/notifications', 'Être prévenu(e)'],
    ['/moi/representation', 'Agir pour un proche'],
  ];
  return html`${o.acting ? html`<div class="fr-notice fr-notice--info fr-mb-3w" id="representation-en-cours"><div class="fr-container"><div class="fr-notice__body"><p class="fr-notice__title">Vous consultez le dossier de la personne que vous représentez.</p><form method="post" action="/moi/representation"><input type="hidden" name="_csrf" value="${o.csrfToken}"><input type="hidden" name="mandat" value="moi"><button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">Revenir à mon dossier</button></form></div></div></div>` : ''}
<nav aria-label="Mon espace" class="fr-mb-3w" id="mon-espace"><ul class="fr-links-group">${links.map(([href, label]) => html`<li><a class="fr-link" href="${href}">${label}</a></li>`)}</ul></nav>`;
}
