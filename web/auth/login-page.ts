import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { franceConnectButton, proConnectButton } from './connect-buttons.js';

export interface LoginPageOptions {
  agentLogin: boolean;
  citizenLogin: boolean;
  /** The signed-in person, if any. */
  user?: { name: string; kind: 'agent' | 'citizen' | 'service' } | null;
  csrfToken?: string;
  /** The page asked for before login (a validated same-origin path): both buttons carry it as `retour`. */
  returnTo?: string;
}

/** `/connexion`: ProConnect for agents, FranceConnect for citizens; who is signed in. */
export function renderLoginPage(o: LoginPageOptions): SafeHtml {
  const signedIn = o.user
    ? html`<div class="fr-alert fr-alert--success fr-mb-4w"><p>Vous êtes connecté en tant que <strong data-testid="user-name">${o.user.name}</strong>.</p></div>`
    : '';
  const retour = o.returnTo ? `?retour=${encodeURIComponent(o.returnTo)}` : '';
  return layout({
    title: 'Connexion',
    user: o.user ? { name: o.user.name, logoutUrl: '/auth/logout' } : null,
    csrfToken: o.csrfToken,
    body: html`<h1>Connexion</h1>
${o.returnTo && !o.user ? html`<div class="fr-notice fr-notice--info fr-mb-4w"><div class="fr-container"><div class="fr-notice__body"><p class="fr-notice__title">Connectez-vous pour accéder à la page demandée : vous y serez ramené ensuite.</p></div></div></div>` : ''}
${signedIn}
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-6"><section class="fr-card fr-p-4w" aria-labelledby="agents">
<h2 id="agents" class="fr-h4">Agents des administrations</h2>
<p>Demander l’accès à une API, instruire une demande, contrôler.</p>
${o.agentLogin ? proConnectButton(`/auth/agent/login${retour}`) : html`<p class="fr-text--sm">Connexion des agents non configurée.</p>`}
</section></div>
<div class="fr-col-12 fr-col-md-6"><section class="fr-card fr-p-4w" aria-labelledby="citoyens">
<h2 id="citoyens" class="fr-h4">Particuliers et entreprises</h2>
<p>Voir qui a consulté vos données, gérer vos consentements.</p>
${
  o.citizenLogin
    ? franceConnectButton(`/auth/citizen/login${retour}`)
    : html`<p class="fr-text--sm">Connexion des particuliers non configurée.</p>`
}
</section></div>
</div>`,
  });
}
