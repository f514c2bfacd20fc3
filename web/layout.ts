import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  /** Current section, highlighted in the navigation. */
  section?: 'catalogue' | 'moi' | 'espace' | 'audit' | 'docs';
  /** Name of the signed-in person, if any. */
  user?: { name: string; logoutUrl: string } | null;
  /** CSRF token for forms (rendered as a meta tag for scripts). */
  csrfToken?: string;
  body: SafeHtml;
}

const NAV: { id: NonNullable<PageOptions['section']>; href: string; label: string }[] = [
  { id: 'catalogue', href: '/', label: 'Catalogue des données' },
  { id: 'moi', href: '/moi', label: 'Qui a consulté mes données ?' },
  { id: 'espace', href: '/espace', label: 'Espace administrations' },
  { id: 'audit', href: '/audit', label: 'Contrôle' },
  { id: 'docs', href: '/docs', label: 'Documentation de l’API' },
];

/** The DSFR page shell (header, navigation, main, footer), in French. */
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
<link rel="icon" href="data:,">
</head>
<body>
<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide"><ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li></ul></nav></div>
<header role="banner" class="fr-header">
  <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
    <div class="fr-header__brand fr-enlarge-link">
      <div class="fr-header__brand-top"><div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div></div>
      <div class="fr-header__service"><a href="/" title="Accueil — Datapedia"><p class="fr-header__service-title">Datapedia</p></a>
      <p class="fr-header__service-tagline">Dites-le-nous une fois : les administrations échangent, vous voyez qui a consulté vos données</p></div>
    </div>
    <div class="fr-header__tools"><div class="fr-header__tools-links"><ul class="fr-btns-group">
      ${o.user
        ? html`<li><span class="fr-btn fr-icon-account-circle-line">${o.user.name}</span></li><li><form method="post" action="${o.user.logoutUrl}">${o.csrfToken ? html`<input type="hidden" name="_csrf" value="${o.csrfToken}">` : ''}<button class="fr-btn fr-icon-logout-box-r-line" type="submit">Se déconnecter</button></form></li>`
        : ''}
    </ul></div></div>
  </div></div></div>
  <div class="fr-header__menu"><div class="fr-container">
    <nav class="fr-nav" role="navigation" aria-label="Menu principal"><ul class="fr-nav__list">
      ${NAV.map((n) => html`<li class="fr-nav__item"><a class="fr-nav__link" href="${n.href}"${n.id === o.section ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}
    </ul></nav>
  </div></div>
</header>
<main role="main" id="contenu" class="fr-container fr-py-4w">
${o.body}
</main>
<footer class="fr-footer" role="contentinfo"><div class="fr-container"><div class="fr-footer__body">
  <div class="fr-footer__brand"><p class="fr-logo">République<br>Française</p></div>
  <div class="fr-footer__content"><p class="fr-footer__content-desc">Datapedia — passerelle d’échange de données entre administrations. Chaque échange est tracé dans un journal infalsifiable.</p></div>
</div></div></footer>
</body>
</html>`;
}
