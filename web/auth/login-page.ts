import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

export interface LoginPageOptions {
  agentLogin: boolean;
  citizenLogin: boolean;
  /** The signed-in person, if any. */
  user?: { name: string; kind: 'agent' | 'citizen' | 'service' } | null;
  csrfToken?: string;
}

/** `/connexion`: ProConnect for agents, FranceConnect for citizens; who is signed in. */
export function renderLoginPage(o: LoginPageOptions): SafeHtml {
  const signedIn = o.user
    ? html`<div class="fr-alert fr-alert--success fr-mb-4w"><p>Vous êtes connecté en tant que <strong data-testid="user-name">${o.user.name}</strong>.</p></div>`
    : '';
  return layout({
    title: 'Connexion',
    user: o.user ? { name: o.user.name, logoutUrl: '/auth/logout' } : null,
    csrfToken: o.csrfToken,
    body: html`<h1>Connexion</h1>
${signedIn}
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-6"><section class="fr-card fr-p-4w" aria-labelledby="agents">
<h2 id="agents" class="fr-h4">Agents des administrations</h2>
<p>Demander l’accès à une API, instruire une demande, contrôler.</p>
${o.agentLogin
    ? html`<a class="fr-btn" href="/auth/agent/login">S’identifier avec ProConnect</a>`
    : html`<p class="fr-text--sm">Connexion des agents non configurée.</p>`}
</section></div>
<div class="fr-col-12 fr-col-md-6"><section class="fr-card fr-p-4w" aria-labelledby="citoyens">
<h2 id="citoyens" class="fr-h4">Particuliers et entreprises</h2>
<p>Voir qui a consulté vos données, gérer vos consentements.</p>
${o.citizenLogin
    ? html`<div class="fr-connect-group"><a class="fr-connect" href="/auth/citizen/login"><span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span></a>
<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">Qu’est-ce que FranceConnect ?</a></p></div>`
    : html`<p class="fr-text--sm">Connexion des particuliers non configurée.</p>`}
</section></div>
</div>`,
  });
}
