import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

export interface AccountChoice {
  id: string;
  label: string;
  detail: string;
}

export interface AccountChooserOptions {
  clientName: string;
  groups: { title: string; accounts: AccountChoice[] }[];
  loginAction: string;
  abortAction: string;
}

/**
 * The embedded provider's login page ("choisir un compte de test"): one button per test account,
 * each a POST form. Development and tests only; consent is implied for Datapedia's own clients.
 */
export function renderAccountChooser(o: AccountChooserOptions): SafeHtml {
  return layout({
    title: 'Choisir un compte de test',
    body: html`<h1>Choisir un compte de test</h1>
<div class="fr-notice fr-notice--info fr-mb-4w"><div class="fr-container"><div class="fr-notice__body">
<p class="fr-notice__title">Fournisseur d’identité de démonstration : ces comptes n’existent que pour essayer Datapedia. En production, la connexion passe par ProConnect (agents) ou FranceConnect (citoyens).</p>
</div></div></div>
<p>Service demandeur : <strong>${o.clientName}</strong></p>
${o.groups.map(
  (g) => html`<section class="fr-mb-4w" aria-labelledby="groupe-${slug(g.title)}">
<h2 id="groupe-${slug(g.title)}" class="fr-h4">${g.title}</h2>
<ul class="fr-btns-group fr-btns-group--inline-md">
${g.accounts.map(
  (a) => html`<li><form method="post" action="${o.loginAction}">
<input type="hidden" name="account" value="${a.id}">
<button type="submit" class="fr-btn fr-btn--secondary" data-account="${a.id}" title="${a.detail}">${a.label}</button>
</form></li>`,
)}
</ul>
</section>`,
)}
<form method="post" action="${o.abortAction}"><button type="submit" class="fr-btn fr-btn--tertiary">Annuler la connexion</button></form>`,
  });
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
