/**
 * Delegations to software editors on the administration space (docs/architecture.md,
 * "Delegations"): the consumer's admin delegates an active contract to an editor; the editor's
 * admin accepts; either ends it; the editor's admin manages its one OAuth2 client (secret shown
 * once on the page the POST redirects to, rotation with overlap, revocation).
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { DelegationView, EditorClientView } from '../../contracts/index.js';
import { AUTH_METHOD, formatDateTime, labelOf } from '../french/index.js';
import { csrfField, errorAlert, type EspaceUser, type PageError } from './common.js';
import type { IssuedFlash } from './credentials.js';

const STATUS: Record<string, { label: string; badge: string }> = {
  pending: { label: 'En attente de l’éditeur', badge: 'fr-badge--new' },
  active: { label: 'Active', badge: 'fr-badge--success' },
  ended: { label: 'Terminée', badge: 'fr-badge--error' },
};

export interface DelegationsPageData {
  user: EspaceUser;
  /** Organisations' display names by SIRET. */
  names: Record<string, string>;
  delegations: DelegationView[];
  /** SIRETs where the user is `admin`. */
  adminOf: string[];
  /** Active contracts the user may delegate (admin of their consumer). */
  delegable: { id: string; label: string }[];
  /** Editors the user is admin of, with their clients. */
  editors: { siret: string; clients: EditorClientView[] }[];
  issued?: IssuedFlash | null;
  notice?: string;
  error?: PageError;
}

const NOTICES: Record<string, string> = {
  accordee: 'La délégation a été accordée : elle prendra effet quand l’éditeur l’aura acceptée.',
  acceptee: 'La délégation a été acceptée : les appels de l’éditeur pour ce contrat sont servis.',
  terminee: 'La délégation est terminée : les appels de l’éditeur pour ce contrat sont refusés.',
  revoque: 'Les identifiants de l’éditeur ont été révoqués.',
};

function name(d: DelegationsPageData, siret: string): string {
  return d.names[siret] ?? siret;
}

function actions(d: DelegationsPageData, x: DelegationView): SafeHtml | string {
  const consumerAdmin = d.adminOf.includes(x.consumerSiret);
  const editorAdmin = d.adminOf.includes(x.editorSiret);
  const out: SafeHtml[] = [];
  if (x.status === 'pending' && editorAdmin)
    out.push(
      html`<li><form method="post" action="/espace/delegations/${x.id}/accepter" class="dp-inline-form">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--sm" type="submit" data-accept="${x.id}">Accepter<span class="fr-sr-only"> la délégation de ${name(d, x.consumerSiret)}</span></button></form></li>`,
    );
  if (x.status !== 'ended' && (consumerAdmin || editorAdmin))
    out.push(
      html`<li><form method="post" action="/espace/delegations/${x.id}/terminer" class="dp-inline-form">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit" data-end="${x.id}">Mettre fin<span class="fr-sr-only"> à la délégation ${x.software}</span></button></form></li>`,
    );
  return out.length ? html`<ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">${out}</ul>` : '—';
}

function table(d: DelegationsPageData): SafeHtml {
  if (!d.delegations.length) return html`<p id="aucune-delegation">Aucune délégation.</p>`;
  return html`<div class="fr-table"><table id="liste-delegations"><caption>Délégations accordées ou reçues</caption>
<thead><tr><th scope="col">Administration</th><th scope="col">Éditeur et logiciel</th><th scope="col">API</th><th scope="col">Volume déclaré</th><th scope="col">État</th><th scope="col">Actions</th></tr></thead>
<tbody>${d.delegations.map(
    (
      x,
    ) => html`<tr data-delegation="${x.id}"><td>${name(d, x.consumerSiret)}</td><td>${name(d, x.editorSiret)} — ${x.software}</td><td><code>${x.apiSlug}</code></td>
<td>${x.declaredVolume === null ? '—' : `${x.declaredVolume} par minute`}</td>
<td><p class="fr-badge fr-badge--sm ${STATUS[x.status]?.badge ?? ''}" data-status="${x.status}">${STATUS[x.status]?.label ?? x.status}</p>${x.endedAt ? html`<p class="fr-text--xs">le ${formatDateTime(x.endedAt)}</p>` : ''}</td>
<td>${actions(d, x)}</td></tr>`,
  )}</tbody></table></div>`;
}

function grantForm(d: DelegationsPageData): SafeHtml | string {
  if (!d.delegable.length) return '';
  return html`<h2 id="deleguer">Déléguer un contrat à un éditeur</h2>
<form method="post" action="/espace/delegations" id="form-delegation">${csrfField(d.user.csrfToken)}
<div class="fr-select-group"><label class="fr-label" for="contractId">Contrat</label><select class="fr-select" id="contractId" name="contractId" required>${d.delegable.map((c) => html`<option value="${c.id}">${c.label}</option>`)}</select></div>
<div class="fr-input-group"><label class="fr-label" for="editorSiret">SIRET de l’éditeur<span class="fr-hint-text">14 chiffres</span></label><input class="fr-input" id="editorSiret" name="editorSiret" inputmode="numeric" pattern="[0-9]{14}" required></div>
<div class="fr-input-group"><label class="fr-label" for="software">Logiciel<span class="fr-hint-text">Nom présenté aux usagers dans leur historique</span></label><input class="fr-input" id="software" name="software" maxlength="100" required></div>
<div class="fr-input-group"><label class="fr-label" for="declaredVolume">Volume d’appels attendu de l’éditeur (par minute, facultatif)</label><input class="fr-input" id="declaredVolume" name="declaredVolume" type="number" min="1" max="100000"></div>
<button class="fr-btn" type="submit" id="accorder">Accorder la délégation</button></form>`;
}

function editorSection(d: DelegationsPageData, e: { siret: string; clients: EditorClientView[] }): SafeHtml {
  const active = e.clients.filter((c) => !c.disabled);
  return html`<h2 id="identifiants-${e.siret}">Identifiants de l’éditeur ${name(d, e.siret)}</h2>
${
  e.clients.length
    ? html`<div class="fr-table"><table><caption>Identifiants de l’éditeur</caption><thead><tr><th scope="col">Identifiant client</th><th scope="col">Méthode</th><th scope="col">Plages d’adresses</th><th scope="col">État</th><th scope="col">Actions</th></tr></thead>
<tbody>${e.clients.map(
        (
          c,
        ) => html`<tr data-client="${c.client_id}"><td><code>${c.client_id}</code></td><td>${labelOf(AUTH_METHOD, c.token_endpoint_auth_method)}</td><td>${c.ip_allowlist.length ? c.ip_allowlist.join(', ') : 'toutes'}</td>
<td>${c.disabled ? 'Révoqués' : 'Actifs'}</td><td>${
          c.disabled
            ? '—'
            : html`<ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">${
                c.token_endpoint_auth_method === 'client_secret_basic'
                  ? html`<li><form method="post" action="/espace/editeurs/${e.siret}/identifiants/${c.client_id}/renouveler" class="dp-inline-form">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit" data-rotate="${c.client_id}">Renouveler le secret</button></form></li>`
                  : ''
              }<li><form method="post" action="/espace/editeurs/${e.siret}/identifiants/${c.client_id}/revoquer" class="dp-inline-form">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit" data-revoke="${c.client_id}">Révoquer</button></form></li></ul>`
        }</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>Aucun identifiant délivré.</p>`
}
${
  active.length
    ? ''
    : html`<form method="post" action="/espace/editeurs/${e.siret}/identifiants" id="form-identifiants-${e.siret}">${csrfField(d.user.csrfToken)}
<input type="hidden" name="token_endpoint_auth_method" value="client_secret_basic">
<div class="fr-input-group"><label class="fr-label" for="ip_allowlist-${e.siret}">Plages d’adresses autorisées (facultatif)<span class="fr-hint-text">Adresses ou plages CIDR séparées par des virgules, par exemple 203.0.113.0/24</span></label><input class="fr-input" id="ip_allowlist-${e.siret}" name="ip_allowlist"></div>
<button class="fr-btn" type="submit" data-issue="${e.siret}">Obtenir les identifiants (secret affiché une seule fois)</button></form>`
}`;
}

function issuedBlock(issued: IssuedFlash): SafeHtml {
  return html`<div class="fr-alert fr-alert--warning fr-mb-3w" id="secret-editeur"><h2 class="fr-alert__title">Copiez le secret maintenant</h2><p>Il ne sera plus jamais affiché : Datapedia n’en conserve qu’une empreinte.</p>
<p>Identifiant client : <code id="client-id">${issued.client_id}</code></p>${issued.client_secret ? html`<p>Secret : <code id="client-secret" class="dp-secret">${issued.client_secret}</code></p>` : ''}
${issued.previous_secret_expires_at ? html`<p>L’ancien secret reste valable jusqu’au ${formatDateTime(issued.previous_secret_expires_at)}.</p>` : ''}</div>`;
}

export function renderDelegationsPage(d: DelegationsPageData): SafeHtml {
  const notice = d.notice ? NOTICES[d.notice] : undefined;
  return layout({
    title: 'Délégations à des éditeurs',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    body: html`<h1>Délégations à des éditeurs</h1>
<p>Un éditeur de logiciel appelle Datapedia pour le compte de l’administration qui lui délègue un contrat actif. Chaque délégation, son acceptation et sa fin sont inscrites au journal ; les usagers voient le logiciel et l’éditeur dans leur historique.</p>
${notice ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${notice}</p></div>` : ''}
${errorAlert(d.error)}
${d.issued ? issuedBlock(d.issued) : ''}
${table(d)}
${grantForm(d)}
${d.editors.map((e) => editorSection(d, e))}
<p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/espace">Retour à l’espace administrations</a></p>`,
  });
}
