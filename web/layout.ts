import { html, type SafeHtml } from './html.js';
import { ASSETS_SERVED } from './assets.js';

export interface PageOptions {
  title: string;
  /** Current section, highlighted in the navigation. */
  section?: 'catalogue' | 'moi' | 'espace' | 'audit' | 'docs' | 'guichet';
  /** Name of the signed-in person, if any. */
  user?: { name: string; logoutUrl: string } | null;
  /** CSRF token for forms (rendered as a meta tag for scripts). */
  csrfToken?: string;
  /** The page's own path and query: the « Se connecter » link brings the person back here. */
  currentPath?: string;
  body: SafeHtml;
}

const NAV: { id: NonNullable<PageOptions['section']>; href: string; label: string }[] = [
  { id: 'catalogue', href: '/', label: 'Catalogue des données' },
  { id: 'guichet', href: '/guichet', label: 'Guichet « Dites-le-nous une fois »' },
  { id: 'moi', href: '/moi', label: 'Qui a consulté mes données ?' },
  { id: 'espace', href: '/espace', label: 'Espace administrations' },
  { id: 'audit', href: '/audit', label: 'Contrôle' },
  { id: 'docs', href: '/docs', label: 'Documentation de l’API' },
];

/** The links every State site carries in its footer (DSFR footer, `fr-footer__content-list`). */
const STATE_LINKS = ['legifrance.gouv.fr', 'info.gouv.fr', 'service-public.gouv.fr', 'data.gouv.fr'];

/**
 * Level declared in the footer and on /accessibilite. No RGAA audit has been carried out: the
 * RGAA requires « non conforme » until one has (automated axe-core checks are not an audit).
 */
export const ACCESSIBILITY_LEVEL = 'non conforme';

/**
 * A path this site may send a person back to: same origin only (one leading `/`, no `//` or
 * `/\`, which browsers read as another host), no whitespace or control characters, not the
 * login pages themselves. Anything else gives null.
 */
export function safeReturnPath(path: string | undefined | null): string | null {
  if (!path || path.length > 2000 || !/^\/(?![/\\])[^\s\\\u0000-\u001f]*$/.test(path)) return null;
  if (/^\/(connexion|auth\/)/.test(path)) return null;
  return path;
}

/** Where the login link leads: the login page, with the page to come back to (a same-origin path only). */
export function loginHref(currentPath: string | undefined): string {
  const back = safeReturnPath(currentPath);
  return back ? `/connexion?retour=${encodeURIComponent(back)}` : '/connexion';
}

function toolLinks(o: PageOptions): SafeHtml {
  if (!o.user) return html`<li><a class="fr-btn fr-icon-account-circle-line" href="${loginHref(o.currentPath)}">Se connecter</a></li>`;
  return html`<li><p class="fr-btn fr-icon-account-circle-line dp-user">${o.user.name}</p></li><li><form method="post" action="${o.user.logoutUrl}" class="dp-inline-form">${o.csrfToken ? html`<input type="hidden" name="_csrf" value="${o.csrfToken}">` : ''}<button class="fr-btn fr-icon-logout-box-r-line" type="submit">Se déconnecter</button></form></li>`;
}

function header(o: PageOptions): SafeHtml {
  const tools = html`<ul class="fr-btns-group">${toolLinks(o)}</ul>`;
  return html`<header role="banner" class="fr-header">
  <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
    <div class="fr-header__brand fr-enlarge-link">
      <div class="fr-header__brand-top">
        <div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div>
        <div class="fr-header__navbar"><button class="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls="menu-principal" aria-haspopup="menu" id="bouton-menu" title="Menu" type="button">Menu</button></div>
      </div>
      <div class="fr-header__service"><a href="/" title="Accueil — Datapedia"><p class="fr-header__service-title">Datapedia</p></a>
      <p class="fr-header__service-tagline">Dites-le-nous une fois : les administrations échangent, vous voyez qui a consulté vos données</p></div>
    </div>
    <div class="fr-header__tools"><div class="fr-header__tools-links">${tools}</div></div>
  </div></div></div>
  <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
    <div class="fr-container">
      <button class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer" type="button">Fermer</button>
      <div class="fr-header__menu-links">${tools}</div>
      <nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal"><ul class="fr-nav__list">
        ${NAV.map((n) => html`<li class="fr-nav__item"><a class="fr-nav__link" href="${n.href}"${n.id === o.section ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}
      </ul></nav>
    </div>
  </div>
</header>`;
}

function footer(): SafeHtml {
  return html`<footer class="fr-footer" role="contentinfo" id="pied-de-page"><div class="fr-container">
  <div class="fr-footer__body">
    <div class="fr-footer__brand fr-enlarge-link"><a href="/" title="Retour à l’accueil du site — Datapedia"><p class="fr-logo">République<br>Française</p></a></div>
    <div class="fr-footer__content">
      <p class="fr-footer__content-desc">Datapedia — passerelle d’échange de données entre administrations. Chaque échange est tracé dans un journal infalsifiable.</p>
      <ul class="fr-footer__content-list">${STATE_LINKS.map((l) => html`<li class="fr-footer__content-item"><a class="fr-footer__content-link" target="_blank" rel="noopener external" title="${l} — nouvelle fenêtre" href="https://${l}">${l}</a></li>`)}</ul>
    </div>
  </div>
  <div class="fr-footer__bottom">
    <ul class="fr-footer__bottom-list">
      <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/plan-du-site">Plan du site</a></li>
      <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/accessibilite">Accessibilité : ${ACCESSIBILITY_LEVEL}</a></li>
      <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/mentions-legales">Mentions légales</a></li>
      <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/donnees-personnelles">Données personnelles et cookies</a></li>
    </ul>
    <div class="fr-footer__bottom-copy"><p>Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce site sont proposés sous <a href="https://github.com/etalab/licence-ouverte/blob/master/LO.md" target="_blank" rel="noopener" title="licence etalab-2.0 — nouvelle fenêtre">licence etalab-2.0</a></p></div>
  </div>
</div></footer>`;
}

/**
 * The DSFR page shell (header with its mobile menu, navigation, main, footer), in French. The
 * DSFR's own JavaScript (module, and nomodule for old browsers) runs the mobile menu, modals,
 * tabs and accordions; no inline script anywhere (the pages are served under a CSP without
 * 'unsafe-inline'): `/assets/datapedia.js` holds our few behaviours (copy buttons).
 */
export function layout(o: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
${o.csrfToken ? html`<meta name="csrf-token" content="${o.csrfToken}">` : ''}
<title>${o.title} — Datapedia</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css">
<link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css">
${ASSETS_SERVED ? html`<link rel="stylesheet" href="/assets/datapedia.css">` : ''}
<link rel="apple-touch-icon" href="/dsfr/favicon/apple-touch-icon.png">
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
<link rel="shortcut icon" href="/dsfr/favicon/favicon.ico" type="image/x-icon">
<link rel="manifest" href="/dsfr/favicon/manifest.webmanifest" crossorigin="use-credentials">
</head>
<body>
<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide"><ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li><li><a class="fr-link" href="#navigation">Menu</a></li><li><a class="fr-link" href="#pied-de-page">Pied de page</a></li></ul></nav></div>
${header(o)}
<main role="main" id="contenu" class="fr-container fr-py-4w" tabindex="-1">
${o.body}
</main>
${footer()}
<script type="module" src="/dsfr/dsfr.module.min.js"></script>
<script nomodule src="/dsfr/dsfr.nomodule.min.js"></script>
${ASSETS_SERVED ? html`<script src="/assets/datapedia.js" defer></script>` : ''}
</body>
</html>`;
}
