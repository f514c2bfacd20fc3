import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { DataElement, DataElementCarrier } from '../../catalog/index.js';
import { SENSITIVITY_LABELS, SUBJECT_LABELS, sensitivityBadge } from './labels.js';
import { sortFr } from '../french/index.js';
import { describeSchema } from './schema-words.js';

function formatOf(d: DataElement): SafeHtml {
  if ('schema' in d.format) return html`<code>schemas/${d.format.schema}${d.format.pointer ? `#${d.format.pointer}` : ''}</code>`;
  return html`${describeSchema(d.format.inline)} <details class="fr-mt-1w"><summary>Schéma JSON</summary><pre><code>${JSON.stringify(d.format.inline, null, 2)}</code></pre></details>`;
}

/** The page of one data element: meaning, format, legal source, and the APIs that deliver it. */
export function renderDataElementPage(d: DataElement & { carriers: DataElementCarrier[] }, producers: Map<string, string>): SafeHtml {
  return layout({
    title: d.label,
    section: 'catalogue',
    currentPath: `/catalogue/donnees/${encodeURIComponent(d.id)}`,
    body: html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">
  <li><a class="fr-breadcrumb__link" href="/">Catalogue</a></li><li><a class="fr-breadcrumb__link" href="/catalogue/donnees">Dictionnaire</a></li>
  <li><a class="fr-breadcrumb__link" aria-current="page">${d.label}</a></li></ol></nav>
<h1>${d.label}</h1>
<p class="fr-badge ${sensitivityBadge(d.sensitivity)}">${SENSITIVITY_LABELS[d.sensitivity]}</p>
<p class="fr-text--lead">${d.definition}</p>
<dl>
  <dt class="fr-text--bold">Identifiant</dt><dd><code>${d.id}</code></dd>
  <dt class="fr-text--bold">Concerne</dt><dd>${SUBJECT_LABELS[d.subjectKind]}</dd>
  <dt class="fr-text--bold">Format</dt><dd>${formatOf(d)}</dd>
  <dt class="fr-text--bold">Base légale</dt><dd>${d.legalSource.url ? html`<a href="${d.legalSource.url}" rel="noopener">${d.legalSource.label}</a>` : d.legalSource.label}</dd>
  <dt class="fr-text--bold">Mise à jour</dt><dd>${d.updateFrequency}</dd>
</dl>
<h2>Qui la fournit</h2>
${
  d.carriers.length
    ? html`<div class="fr-table"><table tabindex="0" id="fournisseurs"><caption>API qui fournissent cette donnée</caption>
<thead><tr><th scope="col">API</th><th scope="col">Producteur</th><th scope="col">Champ</th><th scope="col">Points d’accès</th></tr></thead>
<tbody>${d.carriers.map((c) => html`<tr><td><a href="/catalogue/api/${c.apiSlug}">${c.apiTitle}</a></td><td>${producers.get(c.producerSiret) ?? c.producerSiret}</td><td><code>${c.pointer}</code></td><td>${c.operationIds.join(', ')}</td></tr>`)}</tbody></table></div>`
    : html`<p>Aucune API publiée ne fournit encore cette donnée.</p>`
}`,
  });
}

/** `/catalogue/donnees`: every data element of the dictionary. */
export function renderDictionaryPage(elements: DataElement[]): SafeHtml {
  return layout({
    title: 'Dictionnaire des données',
    section: 'catalogue',
    currentPath: '/catalogue/donnees',
    body: html`<h1>Dictionnaire des données</h1>
<p class="fr-text--lead">Ce que signifie chaque donnée échangée entre administrations, son format et le texte qui autorise l’échange.</p>
<div class="fr-table"><table tabindex="0"><caption>${elements.length} données</caption><thead><tr><th scope="col">Donnée</th><th scope="col">Concerne</th><th scope="col">Sensibilité</th></tr></thead>
<tbody>${sortFr(elements, (d) => d.label).map((d) => html`<tr><td><a href="/catalogue/donnees/${d.id}">${d.label}</a></td><td>${SUBJECT_LABELS[d.subjectKind]}</td><td>${SENSITIVITY_LABELS[d.sensitivity]}</td></tr>`)}</tbody></table></div>`,
  });
}
