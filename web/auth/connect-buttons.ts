/**
 * The official identity buttons. FranceConnect: the DSFR's own `fr-connect` component (its logo
 * ships in the DSFR). ProConnect: the same layout as ProConnect's guidelines ask (« S’identifier
 * avec ProConnect », blue France button, logo at the left, the « Qu’est-ce que ProConnect ? »
 * link below), drawn with our own inline SVG: no asset fetched from elsewhere.
 */
import { html, type SafeHtml } from '../html.js';

/** FranceConnect button (a link to our login route, which starts the OpenID Connect flow). */
export function franceConnectButton(href: string, id = 'connexion-franceconnect'): SafeHtml {
  return html`<div class="fr-connect-group">
<a class="fr-connect" href="${href}" id="${id}"><span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span></a>
<p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? — nouvelle fenêtre">Qu’est-ce que FranceConnect ?</a></p>
</div>`;
}

const PROCONNECT_MARK = html`<svg class="dp-proconnect__logo" aria-hidden="true" focusable="false" viewBox="0 0 40 40" xmlns="http://www.w3.org/2000/svg">
<rect x="1.5" y="1.5" width="37" height="37" rx="8" fill="none" stroke="#fff" stroke-width="3"/>
<circle cx="20" cy="15" r="6" fill="#fff"/><path d="M9 32c1.5-6.5 6-10 11-10s9.5 3.5 11 10z" fill="#fff"/></svg>`;

/** ProConnect button for agents (a link to our login route). */
export function proConnectButton(href: string, id = 'connexion-proconnect'): SafeHtml {
  return html`<div class="dp-proconnect-group">
<a class="dp-proconnect" href="${href}" id="${id}">${PROCONNECT_MARK}<span class="dp-proconnect__login">S’identifier avec</span> <span class="dp-proconnect__brand">ProConnect</span></a>
<p><a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que ProConnect ? — nouvelle fenêtre">Qu’est-ce que ProConnect ?</a></p>
</div>`;
}
