import type { IndicatorFigures, PublishedIndicators } from '../../indicators/index.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDate, formatMonth, formatNumber } from '../french/index.js';
import { barChart } from './chart.js';

export interface IndicatorsPageModel {
  indicators: PublishedIndicators;
  /** The open-data columns, from the Table Schema. */
  columns: { name: string; title: string; description: string }[];
  user?: { name: string; logoutUrl: string } | null;
  csrfToken?: string;
}

const WITHHELD = 'non publié';

function count(v: number | null, withheld: boolean): string {
  if (withheld) return WITHHELD;
  return v === null ? '< seuil' : formatNumber(v);
}

function rate(v: number | null): string {
  return v === null ? '—' : `${formatNumber(v * 100, 1)} %`;
}

function ms(v: number | null): string {
  return v === null ? '—' : `${formatNumber(v)} ms`;
}

function headline(p: PublishedIndicators): SafeHtml {
  const t = p.overall.total;
  const reached = t.successRate !== null && t.successRate >= p.target;
  const tile = (title: string, value: string, detail: string) =>
    html`<div class="fr-col-12 fr-col-md-6 fr-col-lg-4"><div class="fr-tile fr-tile--no-icon"><div class="fr-tile__body"><div class="fr-tile__content"><h3 class="fr-tile__title">${title}</h3><p class="fr-tile__detail fr-text--lead"><strong>${value}</strong></p><p class="fr-tile__desc">${detail}</p></div></div></div></div>`;
  return html`<div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
${tile(
  'Taux de succès du recours',
  rate(t.successRate),
  t.successRate === null ? 'Pas assez d’échanges sur la période.' : `Cible : ${rate(p.target)} — ${reached ? 'atteinte' : 'non atteinte'}.`,
)}
${tile('Échanges tentés', count(t.attempts, t.withheld), `Dont ${count(t.delivered, t.withheld)} ayant délivré des données.`)}
${tile(
  'Personnes ayant un dossier actif',
  p.people.active === null ? `moins de ${p.threshold}` : formatNumber(p.people.active),
  `Connectées à leur espace dans les ${p.people.windowMonths} derniers mois.`,
)}
${tile(
  'Délai médian d’instruction',
  p.instruction.total.medianDays === null
    ? p.instruction.total.withheld
      ? `moins de ${p.threshold} décisions`
      : '—'
    : `${formatNumber(p.instruction.total.medianDays, 1)} jours`,
  'Du dépôt de la demande d’accès à la décision (validation ou refus).',
)}
${tile('Contrats actifs', formatNumber(p.contracts.active), 'Habilitations en vigueur entre administrations.')}
${tile(
  'Délégations actives',
  p.delegations.active === null ? 'non disponible' : formatNumber(p.delegations.active),
  'Délégations accordées à des éditeurs de logiciels.',
)}
</div>`;
}

function monthsTable(p: PublishedIndicators): SafeHtml {
  return html`<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>Échanges par mois — effectifs inférieurs à ${p.threshold} masqués</caption>
<thead><tr><th scope="col">Mois</th><th scope="col">Tentés</th><th scope="col">Données délivrées</th><th scope="col">Taux de succès</th><th scope="col">Introuvables</th><th scope="col">Délais dépassés</th><th scope="col">Défaillances producteur</th><th scope="col">Défaillances plateforme</th><th scope="col">Erreurs d’appel (à part)</th><th scope="col">Refus (à part)</th><th scope="col">Consommateurs</th><th scope="col">Latence médiane</th><th scope="col">Latence p95</th></tr></thead>
<tbody>${p.overall.months.map(
    (m) =>
      html`<tr><th scope="row">${formatMonth(m.month)}</th>${
        m.withheld
          ? html`<td colspan="12">moins de ${p.threshold} échanges : non publié</td>`
          : html`<td>${count(m.attempts, false)}</td><td>${count(m.delivered, false)}</td><td>${rate(m.successRate)}</td><td>${count(m.notFound, false)}</td><td>${count(m.timeouts, false)}</td><td>${count(m.providerFailures, false)}</td><td>${count(m.platformFailures, false)}</td><td>${count(m.clientMistakes, false)}</td><td>${count(m.refused, false)}</td><td>${count(m.consumers, false)}</td><td>${ms(m.latencyMs.p50)}</td><td>${ms(m.latencyMs.p95)}</td>`
      }</tr>`,
  )}</tbody></table></div>`;
}

function periodRow(name: SafeHtml | string, f: IndicatorFigures, activeContracts: number, threshold: number): SafeHtml {
  return html`<tr><th scope="row">${name}</th>${
    f.withheld
      ? html`<td colspan="7">moins de ${threshold} échanges : non publié</td>`
      : html`<td>${count(f.attempts, false)}</td><td>${rate(f.successRate)}</td><td>${rate(f.availability)}</td><td>${count(f.consumers, false)}</td><td>${ms(f.latencyMs.p50)}</td><td>${ms(f.latencyMs.p95)}</td><td>${count(f.clientMistakes, false)}</td>`
  }<td>${formatNumber(activeContracts)}</td></tr>`;
}

const PERIOD_HEAD = html`<thead><tr><th scope="col">Nom</th><th scope="col">Tentés</th><th scope="col">Taux de succès</th><th scope="col">Disponibilité</th><th scope="col">Consommateurs</th><th scope="col">Latence médiane</th><th scope="col">Latence p95</th><th scope="col">Erreurs d’appel</th><th scope="col">Contrats actifs</th></tr></thead>`;

/** /guichet/indicateurs: the indicators, charts beside their tables, the open data and its columns. */
export function renderIndicatorsPage(m: IndicatorsPageModel): SafeHtml {
  const p = m.indicators;
  const success = barChart({
    id: 'graphique-succes',
    title: 'Taux de succès du recours par mois, avec la cible de 80 %',
    points: p.overall.months.map((x) => ({ month: x.month, value: x.successRate })),
    percent: true,
    target: { value: p.target, label: `cible ${formatNumber(p.target * 100)} %` },
  });
  const volumes = barChart({
    id: 'graphique-volumes',
    title: 'Échanges tentés par mois',
    points: p.overall.months.map((x) => ({ month: x.month, value: x.withheld ? null : x.attempts })),
  });
  const body = html`<div class="fr-container fr-my-6w">
<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/guichet">Guichet « Dites-le-nous une fois »</a></li><li><a class="fr-breadcrumb__link" aria-current="page">Indicateurs</a></li></ol></nav>
<h1>Indicateurs du décloisonnement de l’information entre administrations</h1>
<p class="fr-text--lead">Les échanges de données entre administrations réalisés par Datapedia, mois par mois, du ${formatDate(p.from)} au ${formatDate(new Date(new Date(p.to).getTime() - 1).toISOString())}. Calculés à partir du journal des échanges et des contrats ; effectifs inférieurs à ${p.threshold} masqués ; aucune donnée individuelle.</p>
${headline(p)}
<h2 id="succes">Taux de succès du recours</h2>
<p>Part des échanges tentés par des administrations habilitées qui ont délivré des données. Les erreurs d’appel (paramètres invalides, traçabilité manquante) et les refus (appel non couvert par l’habilitation, consentement ou opposition de la personne) sont comptés à part et n’entrent pas dans le taux.</p>
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-lg-6">${success}</div>
<div class="fr-col-12 fr-col-lg-6">${volumes}</div>
</div>
${monthsTable(p)}
<h2 id="producteurs">Par producteur</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>Sur la période, par administration productrice — disponibilité : part des appels auxquels le producteur a répondu</caption>${PERIOD_HEAD}
<tbody>${p.producers.length ? p.producers.map((x) => periodRow(x.name, x.total, x.activeContracts, p.threshold)) : html`<tr><td colspan="9">Aucun producteur sur la période.</td></tr>`}</tbody></table></div>
<h2 id="api">Par API</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>Sur la période, par API du catalogue</caption>${PERIOD_HEAD}
<tbody>${p.apis.length ? p.apis.map((x) => periodRow(html`<a href="/catalogue/api/${x.slug}">${x.title}</a>`, x.total, x.activeContracts, p.threshold)) : html`<tr><td colspan="9">Aucune API sur la période.</td></tr>`}</tbody></table></div>
<h2 id="instruction">Délai d’instruction des demandes d’accès</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>Délai médian entre le dépôt d’une demande et sa décision, par mois de décision</caption>
<thead><tr><th scope="col">Mois</th><th scope="col">Décisions</th><th scope="col">Délai médian</th></tr></thead>
<tbody>${p.instruction.months.map(
    (x) =>
      html`<tr><th scope="row">${formatMonth(x.month)}</th>${
        x.withheld
          ? html`<td colspan="2">moins de ${p.threshold} décisions : non publié</td>`
          : html`<td>${formatNumber(x.decisions)}</td><td>${x.medianDays === null ? '—' : `${formatNumber(x.medianDays, 1)} jours`}</td>`
      }</tr>`,
  )}</tbody></table></div>
<h2 id="donnees-ouvertes">Données ouvertes</h2>
<ul>
<li><a href="/guichet/indicateurs.csv" download>Indicateurs par mois (CSV)</a> — une ligne par mois et par niveau (ensemble, producteur, API)</li>
<li><a href="/guichet/indicateurs.json">Tous les indicateurs (JSON)</a></li>
<li><a href="/guichet/indicateurs/schema.json">Schéma des colonnes du CSV (Table Schema)</a></li>
</ul>
<div class="fr-table"><table tabindex="0"><caption>Colonnes du fichier CSV</caption>
<thead><tr><th scope="col">Colonne</th><th scope="col">Intitulé</th><th scope="col">Définition</th></tr></thead>
<tbody>${m.columns.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.title}</td><td>${c.description}</td></tr>`)}</tbody></table></div>
<p class="fr-text--sm">Latences : bornes supérieures des tranches d’un histogramme (au plus 25 % au-dessus de la valeur exacte). Mis à jour en continu à partir du journal des échanges.</p>
</div>`;
  return layout({
    title: 'Indicateurs',
    section: 'guichet',
    user: m.user ?? null,
    csrfToken: m.csrfToken,
    currentPath: '/guichet/indicateurs',
    body,
  });
}
