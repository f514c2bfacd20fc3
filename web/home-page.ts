import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** Placeholder home until the catalogue pages exist: what Datapedia is, and where to go. */
export function renderHomePage(): SafeHtml {
  return layout({
    title: 'Accueil',
    section: 'catalogue',
    body: html`<h1>Datapedia</h1>
<p class="fr-text--lead">Quand une administration détient déjà une information sur vous, une autre administration doit la lui demander plutôt que de vous la redemander. Datapedia organise ces échanges et vous montre qui a consulté quoi, quand, pourquoi et sur quelle base légale.</p>
<ul>
<li><a href="/docs">Documentation de l’API</a></li>
</ul>`,
  });
}
