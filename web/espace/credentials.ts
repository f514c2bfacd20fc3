/**
 * Credentials of a contract on the administration space: the list with rotate and revoke
 * actions (POST forms with the session's CSRF field; revoking asks for confirmation in a DSFR
 * modal), and the page that shows a new secret once, rendered from a one-time flash after the
 * POST has redirected (Post/Redirect/Get: reloading it never issues another client).
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { ClientView } from '../../contracts/index.js';
import { AUTH_METHOD, formatDateTime, labelOf } from '../french/index.js';
import { csrfField, type EspaceUser } from './common.js';

function revokeModal(contractId: string, k: ClientView, csrf: string | undefined, n: number): SafeHtml {
  const id = `revoquer-${n}`;
  return html`<dialog aria-labelledby="${id}-titre" role="dialog" id="${id}" class="fr-modal"><div class="fr-container fr-container--fluid fr-container-md"><div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
<div class="fr-modal__body"><div class="fr-modal__header"><button class="fr-btn--close fr-btn" type="button" title="Fermer la fenêtre" aria-controls="${id}">Fermer</button></div>
<div class="fr-modal__content"><h2 id="${id}-titre" class="fr-modal__title">Révoquer ces identifiants ?</h2>
<p>Les identifiants <code>${k.client_id}</code> ne permettront plus d’obtenir de jeton ; les jetons déjà délivrés expirent d’eux-mêmes (10 minutes au plus). Cette action est définitive.</p></div>
<div class="fr-modal__footer"><form method="post" action="/espace/habilitations/${contractId}/identifiants/${k.client_id}/revoquer">${csrfField(csrf)}
<ul class="fr-btns-group fr-btns-group--right fr-btns-group--inline-lg">
<li><button class="fr-btn" type="submit" data-revoke="${k.client_id}">Révoquer définitivement</button></li>
<li><button class="fr-btn fr-btn--secondary" type="button" aria-controls="${id}">Annuler</button></li></ul></form></div>
</div></div></div></div></dialog>`;
}

/** The contract's clients with their actions. */
export function credentialsList(contractId: string, clients: ClientView[], user: EspaceUser, canManage: boolean): SafeHtml {
  if (!clients.length) return html`<p>Aucun identifiant délivré.</p>`;
  return html`<div class="fr-table"><table tabindex="0" id="liste-identifiants"><caption>Identifiants délivrés</caption>
<thead><tr><th scope="col">Identifiant client</th><th scope="col">Méthode</th><th scope="col">Délivré le</th><th scope="col">État</th>${canManage ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
<tbody>${clients.map(
    (
      k,
      i,
    ) => html`<tr data-client="${k.client_id}"><td><code>${k.client_id}</code></td><td>${labelOf(AUTH_METHOD, k.token_endpoint_auth_method)}</td>
<td>${formatDateTime(k.created_at)}</td><td>${k.disabled ? html`<p class="fr-badge fr-badge--sm fr-badge--error">Révoqués</p>` : html`<p class="fr-badge fr-badge--sm fr-badge--success">Actifs</p>`}</td>
${
  canManage
    ? html`<td>${
        k.disabled
          ? '—'
          : html`<ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
${k.token_endpoint_auth_method === 'client_secret_basic' ? html`<li><form method="post" action="/espace/habilitations/${contractId}/identifiants/${k.client_id}/renouveler" class="dp-inline-form">${csrfField(user.csrfToken)}<button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit" data-rotate="${k.client_id}">Renouveler le secret<span class="fr-sr-only"> de ${k.client_id}</span></button></form></li>` : ''}
<li><button class="fr-btn fr-btn--tertiary fr-btn--sm" type="button" data-fr-opened="false" aria-controls="revoquer-${i}">Révoquer<span class="fr-sr-only"> ${k.client_id}</span></button></li></ul>
${revokeModal(contractId, k, user.csrfToken, i)}`
      }</td>`
    : ''
}</tr>`,
  )}</tbody></table></div>`;
}

/** What the one-time flash holds after issuing or rotating (never stored elsewhere). */
export interface IssuedFlash {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: string;
  /** End of the previous secret's overlap, after a rotation. */
  previous_secret_expires_at?: string;
}

/**
 * `GET /espace/habilitations/{id}/identifiants/nouveaux`: the secret, once. `issued` is null when
 * the flash was already consumed (reload, back button): the page says so and shows no secret.
 */
export function renderCredentialsFlash(user: EspaceUser, contractId: string, issued: IssuedFlash | null, tokenUrl: string): SafeHtml {
  const back = html`<p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/espace/habilitations/${contractId}#identifiants">Retour à la demande</a></p>`;
  if (!issued) {
    return layout({
      title: 'Secret déjà affiché',
      section: 'espace',
      user: { name: user.name, logoutUrl: '/auth/logout' },
      csrfToken: user.csrfToken,
      body: html`<h1>Secret déjà affiché</h1><div class="fr-alert fr-alert--info fr-mb-3w" id="secret-consomme"><p>Le secret n’est affiché qu’une fois et Datapedia n’en garde qu’une empreinte. Si vous ne l’avez pas copié, renouvelez-le depuis la demande.</p></div>${back}`,
    });
  }
  const rotated = !!issued.previous_secret_expires_at;
  return layout({
    title: rotated ? 'Nouveau secret' : 'Identifiants délivrés',
    section: 'espace',
    user: { name: user.name, logoutUrl: '/auth/logout' },
    csrfToken: user.csrfToken,
    body: html`<h1>${rotated ? 'Nouveau secret' : 'Identifiants délivrés'}</h1>
<div class="fr-alert fr-alert--warning fr-mb-3w"><h2 class="fr-alert__title">Copiez le secret maintenant</h2><p>Il ne sera plus jamais affiché : Datapedia n’en conserve qu’une empreinte. Quitter ou recharger cette page le fait disparaître.</p></div>
${rotated ? html`<p>L’ancien secret reste valable jusqu’au ${formatDateTime(issued.previous_secret_expires_at)} : mettez à jour votre configuration avant cette date.</p>` : ''}
<dl><dt class="fr-text--bold">Identifiant client (<code>client_id</code>)</dt><dd><code id="client-id">${issued.client_id}</code></dd>
${
  issued.client_secret
    ? html`<dt class="fr-text--bold">Secret (<code>client_secret</code>)</dt><dd class="dp-copy"><code id="client-secret" class="dp-secret">${issued.client_secret}</code>
<button class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-clipboard-line fr-btn--icon-left fr-ml-1w" type="button" data-copy="client-secret">Copier le secret</button><span class="fr-text--sm fr-ml-1w" id="client-secret-statut" role="status"></span></dd>`
    : ''
}
<dt class="fr-text--bold">Méthode d’authentification</dt><dd>${labelOf(AUTH_METHOD, issued.token_endpoint_auth_method)} (<code>${issued.token_endpoint_auth_method}</code>)</dd></dl>
<p>Obtenir un jeton :</p><pre><code>curl -u '${issued.client_id}:…' -d grant_type=client_credentials ${tokenUrl}</code></pre>
${back}`,
  });
}
