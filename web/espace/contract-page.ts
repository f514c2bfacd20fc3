import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { ContractEvent, ContractView, ClientView, GrantedTerms } from '../../contracts/index.js';
import { badge, csrfField, errorAlert, noticeAlert, type EspaceUser, type PageError } from './common.js';
import { errorSummary } from '../forms/index.js';
import { ACTION_LABELS, ROLE_LABELS, STATUS_LABELS, frenchDate, frenchDateTime } from './labels.js';
import { credentialsList, renderCredentialsFlash, type IssuedFlash } from './credentials.js';
import { labelOf } from '../french/index.js';
import { REQUEST_FIELDS, renderRequestFields, renderRequestSummary, type ScopeOption } from './request-form.js';

export interface ContractPageData {
  user: EspaceUser;
  contract: ContractView;
  events: ContractEvent[];
  clients: ClientView[];
  scopes: ScopeOption[];
  apiTitle: string;
  orgNames: Record<string, string>;
  /** What the user may do on this page. */
  can: { edit: boolean; instruct: boolean; secondApproval: boolean; manage: boolean; credentials: boolean; reopen: boolean };
  error?: PageError;
  /** Success notice code after a form (`?info=`), see NOTICES. */
  notice?: string;
}

function history(events: ContractEvent[]): SafeHtml {
  return html`<div class="fr-table"><table tabindex="0" id="historique"><caption>Historique</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Par</th><th scope="col">De → vers</th><th scope="col">Motif</th><th scope="col">Champs modifiés</th></tr></thead>
<tbody>${events.map(
    (e) => html`<tr><td>${frenchDateTime(e.occurredAt)}</td><td>${labelOf(ACTION_LABELS, e.action)} (version ${e.version})</td>
<td>${e.actor.name ?? e.actor.sub}${e.actor.role ? html` <span class="fr-text--sm">(${labelOf(ROLE_LABELS, e.actor.role)})</span>` : ''}</td>
<td>${e.from ? labelOf(STATUS_LABELS, e.from) : '—'} → ${labelOf(STATUS_LABELS, e.to)}</td><td>${e.reason ?? ''}</td>
<td>${(e.diff ?? []).map((d) => d.field).join(', ')}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The producer's reason for asking changes, shown where the applicant edits. */
function changesRequested(events: ContractEvent[]): SafeHtml | string {
  const last = [...events].reverse().find((e) => e.action === 'request_changes');
  return last
    ? html`<div class="fr-callout fr-callout--orange-terre-battue fr-mb-3w" id="modifications-demandees"><h2 class="fr-callout__title">Modifications demandées par le producteur</h2>
<p class="fr-callout__text">${last.reason ?? 'Aucun motif indiqué.'}</p><p class="fr-text--sm">Le ${frenchDateTime(last.occurredAt)}${last.actor.name ? `, par ${last.actor.name}` : ''}.</p></div>`
    : '';
}

function terms(t: GrantedTerms, scopes: ScopeOption[]): SafeHtml {
  const label = (n: string) => scopes.find((s) => s.name === n)?.label ?? n;
  return html`<ul id="conditions">
<li>Périmètres accordés : ${t.scopes.map((s) => html`<code>${s}</code> (${label(s)}) `)}</li>
<li>Points d’accès : ${t.endpoints.join(', ')}</li>
<li>Destinataires : ${t.recipients.join(', ')}</li>
<li>Limite : ${t.rate_limit_per_minute} appels par minute</li>
<li>Validité : du ${frenchDate(t.valid_from)} ${t.valid_until ? html`au ${frenchDate(t.valid_until)}` : 'sans date de fin'}</li></ul>`;
}

function reasonField(id: string): SafeHtml {
  return html`<div class="fr-input-group"><label class="fr-label" for="${id}">Motif (obligatoire pour refuser, demander des modifications, suspendre ou révoquer)</label><textarea class="fr-input" id="${id}" name="reason" rows="2"></textarea></div>`;
}

function instructForm(d: ContractPageData, asked: string[]): SafeHtml {
  const { contract: c, user } = d;
  const second = d.can.secondApproval;
  return html`<section class="fr-mb-4w" aria-labelledby="instruire"><h2 id="instruire">${second ? 'Seconde validation (DPO)' : 'Instruire la demande'}</h2>
<form method="post" action="/espace/habilitations/${c.id}/decision">${csrfField(user.csrfToken)}
${
  second
    ? html`<p>Un instructeur a validé cette demande pour une API très sensible : votre validation la rend effective.</p>`
    : html`<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Périmètres accordés (décochez pour en accorder moins)</legend>
${asked.map((s) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="g-${s}" name="scopes" value="${s}" checked><label class="fr-label" for="g-${s}">${d.scopes.find((x) => x.name === s)?.label ?? s}<span class="fr-hint-text">Code du périmètre : <code>${s}</code></span></label></div></div>`)}
</fieldset>
<div class="fr-input-group"><label class="fr-label" for="validUntil">Date de fin (facultative)</label><input class="fr-input" type="date" id="validUntil" name="validUntil"></div>`
}
${reasonField('motif-instruction')}
<ul class="fr-btns-group fr-btns-group--inline">
<li><button class="fr-btn" type="submit" name="action" value="approve" id="valider">Valider</button></li>
<li><button class="fr-btn fr-btn--secondary" type="submit" name="action" value="request_changes" id="modifications">Demander des modifications</button></li>
<li><button class="fr-btn fr-btn--tertiary" type="submit" name="action" value="refuse" id="refuser">Refuser</button></li></ul>
</form></section>`;
}

function manageForm(d: ContractPageData): SafeHtml {
  const c = d.contract;
  return html`<section class="fr-mb-4w" aria-labelledby="gerer"><h2 id="gerer">Gérer le contrat</h2>
<form method="post" action="/espace/habilitations/${c.id}/decision">${csrfField(d.user.csrfToken)}${reasonField('motif-gestion')}
<ul class="fr-btns-group fr-btns-group--inline">
${c.status === 'active' ? html`<li><button class="fr-btn fr-btn--secondary" type="submit" name="action" value="suspend">Suspendre</button></li>` : ''}
${c.status === 'suspended' ? html`<li><button class="fr-btn fr-btn--secondary" type="submit" name="action" value="resume">Reprendre</button></li>` : ''}
<li><button class="fr-btn fr-btn--tertiary" type="submit" name="action" value="revoke">Révoquer</button></li></ul></form></section>`;
}

function credentials(d: ContractPageData): SafeHtml {
  const c = d.contract;
  return html`<section class="fr-mb-4w" aria-labelledby="identifiants"><h2 id="identifiants">Identifiants d’accès (OAuth2)</h2>
${credentialsList(c.id, d.clients, d.user, d.can.credentials)}
${
  d.can.credentials
    ? html`<form method="post" action="/espace/habilitations/${c.id}/identifiants">${csrfField(d.user.csrfToken)}
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Méthode d’authentification</legend>
<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="m-secret" name="token_endpoint_auth_method" value="client_secret_basic" checked><label class="fr-label" for="m-secret">Secret partagé, affiché une seule fois (<code>client_secret_basic</code>)</label></div></div>
<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="m-jwt" name="token_endpoint_auth_method" value="private_key_jwt"><label class="fr-label" for="m-jwt">Clé privée, JWT signé selon la RFC 7523 (<code>private_key_jwt</code>)</label></div></div></fieldset>
<div class="fr-input-group"><label class="fr-label" for="jwks">Clés publiques au format JWKS (pour la méthode par clé privée)</label><textarea class="fr-input" id="jwks" name="jwks" rows="3"></textarea></div>
<button class="fr-btn" type="submit" id="obtenir-identifiants">Obtenir des identifiants</button></form>`
    : ''
}</section>`;
}

/** `/espace/habilitations/{id}`: the request (editable for applicants), instruction, terms, credentials, history. */
export function renderContractPage(d: ContractPageData): SafeHtml {
  const c = d.contract;
  const open = c.versions.find((v) => v.version === c.openVersion);
  const current = c.versions.find((v) => v.version === c.currentVersion);
  const shown = open ?? current ?? c.versions.at(-1)!;
  return layout({
    title: shown.form.intitule ?? 'Demande d’habilitation',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    body: html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/espace">Espace administrations</a></li><li><a class="fr-breadcrumb__link" aria-current="page">Demande</a></li></ol></nav>
<h1>${shown.form.intitule ?? 'Demande d’habilitation'}</h1>
<p>${d.apiTitle} — demandeur : ${d.orgNames[c.consumerSiret] ?? c.consumerSiret} — producteur : ${d.orgNames[c.producerSiret] ?? c.producerSiret}</p>
<div id="statut" class="fr-mb-3w">Contrat : ${badge(c.status)} ${open ? html`Demande v${open.version} : ${badge(open.status)}${open.awaitingSecondApproval ? ' (attend la seconde validation du DPO)' : ''}` : ''}</div>
${noticeAlert(d.notice)}
${d.can.edit && open && d.error?.errors?.length ? errorSummary(d.error.title, d.error.errors, REQUEST_FIELDS) : errorAlert(d.error)}
${open?.status === 'changes_requested' ? changesRequested(d.events) : ''}
${
  current?.granted
    ? html`<section class="fr-mb-4w" aria-labelledby="en-vigueur"><h2 id="en-vigueur">Conditions en vigueur (version ${current.version})</h2>${terms(current.granted, d.scopes)}
<a class="fr-link fr-icon-download-line fr-link--icon-left" href="/v1/contracts/${c.id}/artefact" download>Télécharger le contrat signé (JWS)</a></section>`
    : ''
}
${
  d.can.edit && open
    ? html`<section class="fr-mb-4w" aria-labelledby="formulaire"><h2 id="formulaire">Votre demande (version ${open.version})</h2>
<form method="post" action="/espace/habilitations/${c.id}/enregistrer">${csrfField(d.user.csrfToken)}
${renderRequestFields(open.form, d.scopes, d.error?.errors)}
<ul class="fr-btns-group fr-btns-group--inline fr-mt-3w"><li><button class="fr-btn fr-btn--secondary" type="submit" name="intent" value="save" id="enregistrer">Enregistrer le brouillon</button></li>
<li><button class="fr-btn" type="submit" name="intent" value="submit" id="soumettre">Soumettre à l’instruction</button></li></ul></form></section>`
    : open
      ? html`<section class="fr-mb-4w"><h2>Demande en cours (version ${open.version})</h2>${renderRequestSummary(open.form)}</section>`
      : ''
}
${(d.can.instruct || d.can.secondApproval) && open ? instructForm(d, open.form.scopes ?? []) : ''}
${d.can.manage ? manageForm(d) : ''}
${d.can.reopen ? html`<form method="post" action="/espace/habilitations/${c.id}/decision" class="fr-mb-4w">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--secondary" type="submit" name="action" value="reopen">Modifier le contrat (nouvelle version)</button></form>` : ''}
${c.status === 'active' || d.clients.length ? credentials(d) : ''}
<section aria-labelledby="historique-titre"><h2 id="historique-titre">Historique</h2>${history(d.events)}</section>`,
  });
}

/** The one page that shows a new client secret (never again): the flash page with its secret. */
export function renderCredentialsIssued(user: EspaceUser, contractId: string, issued: IssuedFlash, tokenUrl: string): SafeHtml {
  return renderCredentialsFlash(user, contractId, issued, tokenUrl);
}
