import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDate, formatNumber } from '../french/index.js';
import type { Need } from '../../counter/index.js';
import {
  answerBadge,
  breadcrumb,
  csrf,
  errorBox,
  moderationBadge,
  noticeBox,
  orgName,
  userOf,
  type GuichetError,
  type GuichetUser,
} from './common.js';

export interface NeedListModel {
  user: GuichetUser | null;
  currentPath?: string;
  needs: Need[];
  orgNames: Record<string, string>;
  /** Whether the visitor is an agent who may declare a need. */
  canDeclare: boolean;
  notice?: string;
}

/** `/guichet/besoins`: the published needs, their status and answers (with the visitor's own organisations' needs). */
export function renderNeedList(m: NeedListModel): SafeHtml {
  return layout({
    title: 'Besoins de données',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user?.csrfToken,
    currentPath: m.currentPath,
    body: html`${breadcrumb([{ label: 'Besoins de données' }])}
<h1>Besoins de données des administrations</h1>
${noticeBox(m.notice)}
<p class="fr-text--lead">Les données que des administrations voudraient obtenir d’une autre pour ne plus les demander aux usagers, et les réponses des producteurs.</p>
<p>${m.canDeclare ? html`<a class="fr-btn" href="/guichet/besoins/nouveau" id="declarer">Déclarer un besoin</a>` : html`Agent d’une administration ? <a href="/connexion?retour=%2Fguichet%2Fbesoins%2Fnouveau">Connectez-vous</a> pour déclarer un besoin.`}</p>
${
  m.needs.length
    ? html`<div class="fr-table"><table tabindex="0" id="besoins"><caption>Besoins déclarés</caption>
<thead><tr><th scope="col">Données recherchées</th><th scope="col">Administration</th><th scope="col">Soutiens</th><th scope="col">État</th></tr></thead>
<tbody>${m.needs.map(
        (
          n,
        ) => html`<tr data-need="${n.id}"><td><a href="/guichet/besoins/${n.id}">${n.title}</a></td><td>${orgName(m.orgNames, n.requesterSiret)}</td>
<td>${formatNumber(n.supporters.length)}</td><td>${n.status === 'published' ? answerBadge(n.answer?.kind) : moderationBadge(n.status)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>Aucun besoin publié pour le moment.</p>`
}`,
  });
}

export interface NeedPageModel {
  user: GuichetUser | null;
  currentPath?: string;
  need: Need;
  orgNames: Record<string, string>;
  /** Title of the API of an « available » answer. */
  answerApiTitle: string | null;
  /** The visitor's organisations that may add their support. */
  supportOrgs: { siret: string; name: string }[];
  /** The visitor's producer organisations that may answer (with their published APIs); `operator`: the platform operator. */
  answerOrgs: { siret: string; name: string }[];
  operator: boolean;
  answerApis: { slug: string; title: string }[];
  /** An applicant of the requester's organisation, and an API is available. */
  canRequest: boolean;
  notice?: string;
  error?: GuichetError;
}

function answerText(n: Need, names: Record<string, string>, apiTitle: string | null): SafeHtml {
  const a = n.answer;
  if (!a) return html`<p id="reponse">Pas encore de réponse d’un producteur.</p>`;
  const by = html`<p class="fr-text--sm">Réponse de ${orgName(names, a.bySiret)}, le ${formatDate(a.at)}.</p>`;
  if (a.kind === 'available')
    return html`<div id="reponse"><p>Ces données sont disponibles par l’API <a href="/catalogue/api/${a.apiSlug ?? ''}" id="api-disponible">${apiTitle ?? a.apiSlug ?? ''}</a>.</p>${by}</div>`;
  if (a.kind === 'planned')
    return html`<div id="reponse"><p>La mise à disposition de ces données est prévue pour le ${formatDate(a.plannedFor ?? '')}.</p>${by}</div>`;
  return html`<div id="reponse"><p>Ces données ne peuvent pas être fournies : ${a.reason ?? ''}</p>${by}</div>`;
}

function answerForm(m: NeedPageModel): SafeHtml | string {
  if (m.need.status !== 'published' || (!m.operator && !m.answerOrgs.length)) return '';
  return html`<section class="fr-mb-4w" aria-labelledby="repondre"><h2 id="repondre">Répondre (producteur)</h2>
<form method="post" action="/guichet/besoins/${m.need.id}/reponse">${csrf(m.user)}
${
  m.answerOrgs.length
    ? html`<div class="fr-select-group"><label class="fr-label" for="reponse-organisation">Au nom de</label>
<select class="fr-select" id="reponse-organisation" name="organisationSiret">${m.answerOrgs.map((o) => html`<option value="${o.siret}">${o.name}</option>`)}</select></div>`
    : ''
}
<fieldset class="fr-fieldset" id="reponse-type"><legend class="fr-fieldset__legend">Réponse</legend>
<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="reponse-disponible" name="kind" value="available" checked><label class="fr-label" for="reponse-disponible">Disponible par une API</label></div></div>
<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="reponse-prevue" name="kind" value="planned"><label class="fr-label" for="reponse-prevue">Prévu à une date</label></div></div>
<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="reponse-impossible" name="kind" value="not_possible"><label class="fr-label" for="reponse-impossible">Pas possible</label></div></div>
</fieldset>
<div class="fr-select-group"><label class="fr-label" for="reponse-api">API (si disponible)</label>
<select class="fr-select" id="reponse-api" name="apiSlug"><option value="">—</option>${m.answerApis.map((a) => html`<option value="${a.slug}">${a.title}</option>`)}</select></div>
<div class="fr-input-group"><label class="fr-label" for="reponse-date">Date prévue (si prévu)</label><input class="fr-input" type="date" id="reponse-date" name="plannedFor"></div>
<div class="fr-input-group"><label class="fr-label" for="reponse-motif">Motif (si pas possible)</label><textarea class="fr-input" id="reponse-motif" name="reason" rows="3"></textarea></div>
<button class="fr-btn" type="submit" id="envoyer-reponse">Publier la réponse</button>
</form></section>`;
}

/** `/guichet/besoins/{id}`: one need, its answer, its supporters; the forms the visitor may use. */
export function renderNeedPage(m: NeedPageModel): SafeHtml {
  const n = m.need;
  return layout({
    title: n.title,
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user?.csrfToken,
    currentPath: m.currentPath,
    body: html`${breadcrumb([{ label: 'Besoins de données', href: '/guichet/besoins' }, { label: n.title }])}
<h1>${n.title}</h1>
${noticeBox(m.notice)}
${errorBox(m.error)}
${n.status === 'published' ? answerBadge(n.answer?.kind) : html`${moderationBadge(n.status)}${n.moderationNote ? html`<p>Motif : ${n.moderationNote}</p>` : ''}`}
<dl>
<dt class="fr-text--bold">Administration</dt><dd>${orgName(m.orgNames, n.requesterSiret)}</dd>
<dt class="fr-text--bold">Finalité</dt><dd>${n.purpose}</dd>
<dt class="fr-text--bold">Base légale</dt><dd>${n.legalBasisUrl ? html`<a href="${n.legalBasisUrl}" rel="noopener">${n.legalBasis}</a>` : n.legalBasis}</dd>
<dt class="fr-text--bold">Volume attendu</dt><dd>${n.expectedVolume}</dd>
<dt class="fr-text--bold">Échéance souhaitée</dt><dd>${n.deadline ? formatDate(n.deadline) : 'non précisée'}</dd>
<dt class="fr-text--bold">Soutenu par</dt><dd id="soutiens">${n.supporters.length ? n.supporters.map((s) => orgName(m.orgNames, s)).join(', ') : 'aucune autre administration pour le moment'}</dd>
</dl>
<section class="fr-mb-4w" aria-labelledby="titre-reponse"><h2 id="titre-reponse">Réponse</h2>${answerText(n, m.orgNames, m.answerApiTitle)}
${
  m.canRequest
    ? html`<form method="post" action="/guichet/besoins/${n.id}/demande">${csrf(m.user)}<button class="fr-btn fr-icon-arrow-right-line fr-btn--icon-right" type="submit" id="transformer-en-demande">${n.requestContractId ? 'Ouvrir la demande d’accès' : 'Demander l’accès à cette API'}</button>
<p class="fr-hint-text">Une demande d’habilitation est préparée pour votre organisation, déjà remplie avec ce besoin.</p></form>`
    : ''
}</section>
${
  m.supportOrgs.length && n.status === 'published'
    ? html`<section class="fr-mb-4w" aria-labelledby="soutenir"><h2 id="soutenir">Votre administration a le même besoin ?</h2>
<form method="post" action="/guichet/besoins/${n.id}/soutien">${csrf(m.user)}
<div class="fr-select-group"><label class="fr-label" for="soutien-organisation">Organisation</label>
<select class="fr-select" id="soutien-organisation" name="organisationSiret">${m.supportOrgs.map((o) => html`<option value="${o.siret}">${o.name}</option>`)}</select></div>
<button class="fr-btn fr-btn--secondary" type="submit" id="soutenir-besoin">Soutenir ce besoin</button></form></section>`
    : ''
}
${answerForm(m)}`,
  });
}

export interface NeedFormModel {
  user: GuichetUser & { email?: string };
  organisations: { siret: string; name: string }[];
  values?: Record<string, string>;
  error?: GuichetError;
}

/** `/guichet/besoins/nouveau`: an agent declares a need for one of their organisations. */
export function renderNeedForm(m: NeedFormModel): SafeHtml {
  const v: Record<string, string> = { notifyEmail: m.user.email ?? '', ...m.values };
  const field = (id: string, label: string, hint: string, o: { rows?: number; optional?: boolean; type?: string } = {}) =>
    html`<div class="fr-input-group"><label class="fr-label" for="${id}">${label}${o.optional ? ' (facultatif)' : ''}<span class="fr-hint-text">${hint}</span></label>
${o.rows ? html`<textarea class="fr-input" id="${id}" name="${id}" rows="${o.rows}">${v[id] ?? ''}</textarea>` : html`<input class="fr-input" type="${o.type ?? 'text'}" id="${id}" name="${id}" value="${v[id] ?? ''}">`}</div>`;
  return layout({
    title: 'Déclarer un besoin de données',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user.csrfToken,
    body: html`${breadcrumb([{ label: 'Besoins de données', href: '/guichet/besoins' }, { label: 'Déclarer un besoin' }])}
<h1>Déclarer un besoin de données</h1>
${errorBox(m.error)}
<p class="fr-hint-text">Sauf mention contraire « (facultatif) », tous les champs sont obligatoires. Votre besoin est publié après relecture par l’opérateur ; votre nom et votre adresse électronique ne sont jamais publiés.</p>
<form method="post" action="/guichet/besoins">${csrf(m.user)}
<div class="fr-select-group"><label class="fr-label" for="organisationSiret">Pour l’organisation</label>
<select class="fr-select" id="organisationSiret" name="organisationSiret">${m.organisations.map((o) => html`<option value="${o.siret}"${o.siret === v.organisationSiret ? html` selected` : ''}>${o.name}</option>`)}</select></div>
${field('title', 'Données recherchées', 'En mots simples, par exemple « le quotient familial des familles inscrites à la cantine »')}
${field('purpose', 'Finalité', 'La démarche pour laquelle vous en avez besoin', { rows: 3 })}
${field('legalBasis', 'Base légale', 'Le texte qui vous autorise à obtenir ces données')}
${field('legalBasisUrl', 'Lien vers le texte', 'Adresse commençant par https://', { optional: true, type: 'url' })}
${field('expectedVolume', 'Volume attendu', 'Par exemple « 3 000 familles par an »')}
${field('deadline', 'Échéance souhaitée', 'Date à laquelle vous en auriez besoin', { optional: true, type: 'date' })}
<div class="fr-checkbox-group fr-mb-2w"><input type="checkbox" id="prevenir" name="notify" value="oui"${v.notify === 'oui' || !m.values ? html` checked` : ''}><label class="fr-label" for="prevenir">Me prévenir par courriel de la réponse</label></div>
${field('notifyEmail', 'Adresse électronique', 'Utilisée seulement pour vous prévenir de la réponse à ce besoin', { optional: true, type: 'email' })}
<button class="fr-btn" type="submit" id="envoyer-besoin">Déclarer ce besoin</button>
</form>`,
  });
}
