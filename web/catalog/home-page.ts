import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { Api, SearchHit } from '../../catalog/index.js';
import { ACCESS_SHORT, labelOf, sortFr, truncateWords } from '../french/index.js';
import { ACCESS_LABELS, HIT_KIND_LABELS, SENSITIVITY_LABELS, SUBJECT_LABELS, sensitivityBadge } from './labels.js';

export interface CatalogHomeModel {
  q: string;
  filters: { producer: string; subjectKind: string; sensitivity: string; access: string };
  /** Null when no search was made. */
  hits: SearchHit[] | null;
  apis: Api[];
  producers: Map<string, string>;
  dataElementCount: number;
  /** The page's path and query (the « Se connecter » link comes back here). */
  currentPath?: string;
}

function select(name: string, label: string, value: string, options: Record<string, string>): SafeHtml {
  return html`<div class="fr-select-group fr-col-12 fr-col-md-3">
  <label class="fr-label" for="f-${name}">${label}</label>
  <select class="fr-select" id="f-${name}" name="${name}">
    <option value="">Tous</option>
    ${Object.entries(options).map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`)}
  </select>
</div>`;
}

function hitLink(h: SearchHit): string {
  if (h.kind === 'data_element') return `/catalogue/donnees/${encodeURIComponent(h.id)}`;
  if (h.kind === 'endpoint') return `/catalogue/api/${encodeURIComponent(h.apiSlug ?? '')}#op-${encodeURIComponent(h.id)}`;
  return `/catalogue/api/${encodeURIComponent(h.id)}`;
}

function results(m: CatalogHomeModel): SafeHtml {
  if (!m.hits) return html``;
  if (!m.hits.length) return html`<p id="resultats" class="fr-mt-4w">Aucun résultat pour « ${m.q} ».</p>`;
  return html`<section id="resultats" class="fr-mt-4w"><h2>${m.hits.length} résultat(s) pour « ${m.q} »</h2>
<ul class="fr-raw-list">${m.hits.map(
    (h) => html`<li class="fr-mb-2w" data-kind="${h.kind}">
  <p class="fr-badge fr-badge--sm fr-mb-1v">${HIT_KIND_LABELS[h.kind]}</p>
  <h3 class="fr-h6 fr-mb-1v"><a href="${hitLink(h)}">${h.title}</a></h3>
  <p class="fr-text--sm fr-mb-0">${h.excerpt}${h.producerSiret ? html` — ${m.producers.get(h.producerSiret) ?? h.producerSiret}` : ''}</p>
</li>`,
  )}</ul></section>`;
}

function apiCard(a: Api, producer: string): SafeHtml {
  return html`<div class="fr-col-12 fr-col-md-6 fr-col-lg-4"><div class="fr-card fr-enlarge-link"><div class="fr-card__body"><div class="fr-card__content">
  <h3 class="fr-card__title"><a href="/catalogue/api/${a.slug}">${a.title}</a></h3>
  <p class="fr-card__desc">${truncateWords(a.description, 220)}</p>
  <div class="fr-card__start"><ul class="fr-badges-group">
    <li><p class="fr-badge fr-badge--sm ${sensitivityBadge(a.sensitivity)}">${SENSITIVITY_LABELS[a.sensitivity]}</p></li>
    <li><p class="fr-badge fr-badge--sm">${labelOf(ACCESS_SHORT, a.access)}</p></li>
    ${a.lifecycle === 'deprecated' ? html`<li><p class="fr-badge fr-badge--sm fr-badge--warning">Dépréciée</p></li>` : ''}
  </ul></div>
  <div class="fr-card__end"><p class="fr-card__detail">${producer}</p></div>
</div></div></div></div>`;
}

/** The catalogue home (`/`): search over APIs, endpoints and data elements, then every published API. */
export function renderCatalogHome(m: CatalogHomeModel): SafeHtml {
  const producerOptions = Object.fromEntries(sortFr([...m.producers], (p) => p[1]));
  return layout({
    title: m.q ? `Recherche « ${m.q} »` : 'Catalogue des données',
    section: 'catalogue',
    currentPath: m.currentPath,
    body: html`<h1>Catalogue des données des administrations</h1>
<p class="fr-text--lead">Quand une administration détient déjà une information sur vous ou votre entreprise, une autre administration doit la lui demander plutôt que de vous la redemander. Ce catalogue dit quelles données existent, qui les produit, ce qu’elles signifient et comment y accéder.</p>
<form method="get" action="/" role="search" id="recherche">
  <div class="fr-search-bar fr-search-bar--lg" id="search-catalogue">
    <label class="fr-label" for="q">Rechercher une donnée, une API</label>
    <input class="fr-input" placeholder="Ex. : quotient familial, échelon de bourse, SIREN" type="search" id="q" name="q" value="${m.q}" maxlength="200">
    <button class="fr-btn" type="submit" title="Rechercher">Rechercher</button>
  </div>
  <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
    ${select('producer', 'Producteur', m.filters.producer, producerOptions)}
    ${select('subjectKind', 'Concerne', m.filters.subjectKind, SUBJECT_LABELS)}
    ${select('sensitivity', 'Sensibilité', m.filters.sensitivity, SENSITIVITY_LABELS)}
    ${select('access', 'Accès', m.filters.access, ACCESS_LABELS)}
  </div>
</form>
${results(m)}
<section class="fr-mt-6w"><h2>Les API publiées (${m.apis.length})</h2>
<div class="fr-grid-row fr-grid-row--gutters">${m.apis.map((a) => apiCard(a, m.producers.get(a.producerSiret) ?? a.producerSiret))}</div></section>
<p class="fr-mt-4w"><a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/catalogue/donnees">Le dictionnaire des données (${m.dataElementCount} données)</a></p>`,
  });
}
