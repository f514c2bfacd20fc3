/** The filter form (GET) and the export links. */
import { html, type SafeHtml } from '../html.js';
import type { MoiModel } from './types.js';

export function renderFilters(m: MoiModel): SafeHtml {
  const f = m.filters;
  return html`<form method="get" action="/moi" class="fr-mb-3w" aria-labelledby="titre-filtres">
<h3 id="titre-filtres" class="fr-h6">Filtrer</h3>
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-3 fr-input-group"><label class="fr-label" for="filtre-du">Du</label><input class="fr-input" type="date" id="filtre-du" name="du" value="${f.du ?? ''}"></div>
<div class="fr-col-12 fr-col-md-3 fr-input-group"><label class="fr-label" for="filtre-au">Au</label><input class="fr-input" type="date" id="filtre-au" name="au" value="${f.au ?? ''}"></div>
<div class="fr-col-12 fr-col-md-3 fr-select-group"><label class="fr-label" for="filtre-administration">Administration</label>
<select class="fr-select" id="filtre-administration" name="administration"><option value="">Toutes</option>
${m.administrations.map((a) => html`<option value="${a.siret}"${a.siret === f.administration ? html` selected` : ''}>${a.name}</option>`)}</select></div>
<div class="fr-col-12 fr-col-md-3 fr-select-group"><label class="fr-label" for="filtre-donnee">Donnée</label>
<select class="fr-select" id="filtre-donnee" name="donnee"><option value="">Toutes</option>
${m.dataElements.map((d) => html`<option value="${d.id}"${d.id === f.donnee ? html` selected` : ''}>${d.label}</option>`)}</select></div>
</div>
<ul class="fr-btns-group fr-btns-group--inline fr-mt-2w">
<li><button class="fr-btn" type="submit" id="appliquer-filtres">Appliquer les filtres</button></li>
<li><a class="fr-btn fr-btn--tertiary" href="/moi">Effacer les filtres</a></li>
</ul>
</form>
<p>Télécharger cet historique :
<a class="fr-link fr-icon-download-line fr-link--icon-left" href="/v1/me/exchanges/export?format=csv${m.filterQuery ? `&${m.filterQuery}` : ''}" download>CSV (tableur)</a>
<a class="fr-link fr-icon-download-line fr-link--icon-left fr-ml-2w" href="/v1/me/exchanges/export?format=json${m.filterQuery ? `&${m.filterQuery}` : ''}" download>JSON</a></p>`;
}
