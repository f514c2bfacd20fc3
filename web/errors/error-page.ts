/**
 * HTML error pages for people, from a problem (RFC 9457): what happened in plain French, what to
 * do next, and the reference to quote. A client problem's `detail` is public text and is shown; a
 * gateway or provider problem's detail is internal and never is (`docs/architecture.md`, errors).
 */
import { html, type SafeHtml } from '../html.js';
import { layout, loginHref } from '../layout.js';

export interface ErrorPageModel {
  status: number;
  /** Stable problem code (`client.not_found`, …), shown to quote. */
  code: string;
  detail?: string;
  /** `urn:uuid:<id>` of the request, to quote to the support. */
  instance?: string;
  user?: { name: string; logoutUrl: string } | null;
  csrfToken?: string;
  /** The page that was asked for: the login link brings the person back to it. */
  currentPath?: string;
}

interface Wording {
  title: string;
  lead: string;
  next: (m: ErrorPageModel) => SafeHtml;
}

const HOME = html`<li><a class="fr-btn" href="/">Retour au catalogue</a></li><li><a class="fr-btn fr-btn--secondary" href="/plan-du-site">Plan du site</a></li>`;

function wording(m: ErrorPageModel): Wording {
  if (m.status === 401) {
    return {
      title: 'Connexion requise',
      lead: 'Cette page est réservée aux personnes connectées.',
      next: () =>
        html`<li><a class="fr-btn" href="${loginHref(m.currentPath)}" id="lien-connexion">Se connecter</a></li><li><a class="fr-btn fr-btn--secondary" href="/">Retour au catalogue</a></li>`,
    };
  }
  if (m.status === 403) {
    return {
      title: 'Accès refusé',
      lead: m.user
        ? `Vous êtes connecté en tant que ${m.user.name}, et ce compte n’a pas accès à cette page.`
        : 'Vous n’avez pas accès à cette page.',
      next: () =>
        html`${m.user ? '' : html`<li><a class="fr-btn" href="${loginHref(m.currentPath)}" id="lien-connexion">Se connecter</a></li>`}${HOME}`,
    };
  }
  if (m.status === 404) {
    return {
      title: 'Page introuvable',
      lead: 'La page que vous cherchez n’existe pas, ou plus : l’adresse est peut-être erronée, ou la ressource a été retirée.',
      next: () => HOME,
    };
  }
  if (m.status >= 500) {
    return {
      title: m.status === 503 ? 'Service momentanément indisponible' : 'Erreur inattendue',
      lead: 'Le service rencontre un problème. Nous en sommes informés ; réessayez dans quelques instants.',
      next: () => HOME,
    };
  }
  return { title: 'Demande incorrecte', lead: 'La demande n’a pas pu être traitée telle quelle.', next: () => HOME };
}

/** The error page of a problem (401 → login link keeping the page asked for; 403; 404; 4xx; 5xx). */
export function renderErrorPage(m: ErrorPageModel): SafeHtml {
  const w = wording(m);
  const publicDetail = m.status < 500 && m.detail ? m.detail : '';
  return layout({
    title: w.title,
    user: m.user,
    csrfToken: m.csrfToken,
    currentPath: m.currentPath,
    body: html`<div class="fr-grid-row fr-grid-row--gutters"><div class="fr-col-12 fr-col-md-8">
<h1>${w.title}</h1>
<p class="fr-text--sm fr-mb-3w">Erreur ${m.status}</p>
<p class="fr-text--lead fr-mb-3w">${w.lead}</p>
${publicDetail ? html`<p id="detail">${publicDetail}</p>` : ''}
<p class="fr-text--sm">Si vous contactez l’assistance, indiquez cette référence : <code id="code-erreur">${m.code}</code>${m.instance ? html` — <code id="reference">${m.instance}</code>` : ''}.</p>
<ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">${w.next(m)}</ul>
</div></div>`,
  });
}
