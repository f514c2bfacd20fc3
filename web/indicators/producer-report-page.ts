import type { ProducerReport } from '../../indicators/index.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatMonth, formatNumber } from '../french/index.js';

export interface ProducerReportPageModel {
  report: ProducerReport;
  /** Months the agent may choose (YYYY-MM, newest first). */
  months: string[];
  /** The producers the agent acts for (a choice when more than one). */
  producers: { siret: string; name: string }[];
  user: { name: string; logoutUrl: string };
  csrfToken?: string;
}

function rate(v: number | null): string {
  return v === null ? '—' : `${formatNumber(v * 100, 1)} %`;
}

/** /espace/indicateurs: a producer's monthly usage report, per API and consumer administration. */
export function renderProducerReportPage(m: ProducerReportPageModel): SafeHtml {
  const r = m.report;
  const query = `siret=${r.producer.siret}&mois=${r.month}`;
  const body = html`<div class="fr-container fr-my-6w">
<h1>Rapport mensuel d’usage — ${r.producer.name}</h1>
<p class="fr-text--lead">${formatMonth(r.month)} : les échanges de vos API par administration consommatrice, leurs résultats, la latence et les cas de contrôle ouverts. Chiffres exacts : ce rapport est réservé à votre administration.</p>
<form method="get" action="/espace/indicateurs" class="fr-mb-4w">
<div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
${
  m.producers.length > 1
    ? html`<div class="fr-col-12 fr-col-md-5"><div class="fr-select-group"><label class="fr-label" for="siret">Administration</label><select class="fr-select" id="siret" name="siret">${m.producers.map(
        (p) => html`<option value="${p.siret}"${p.siret === r.producer.siret ? html` selected` : ''}>${p.name}</option>`,
      )}</select></div></div>`
    : html`<input type="hidden" name="siret" value="${r.producer.siret}">`
}
<div class="fr-col-12 fr-col-md-4"><div class="fr-select-group"><label class="fr-label" for="mois">Mois</label><select class="fr-select" id="mois" name="mois">${m.months.map(
    (x) => html`<option value="${x}"${x === r.month ? html` selected` : ''}>${formatMonth(x)}</option>`,
  )}</select></div></div>
<div class="fr-col-12 fr-col-md-3"><button class="fr-btn" type="submit">Afficher</button></div>
</div></form>
<p><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/espace/indicateurs.csv?${query}" download>Télécharger le rapport (CSV)</a></p>
${
  r.apis.length === 0
    ? html`<p>Aucun échange ni cas ouvert sur vos API ce mois-là.</p>`
    : r.apis.map(
        (a) => html`<h2>${a.title}</h2>
<ul><li>Échanges : ${formatNumber(a.figures.exchanges ?? 0)} — tentés ${formatNumber(a.figures.attempts ?? 0)}, taux de succès ${rate(a.figures.successRate)}, disponibilité ${rate(a.figures.availability)}</li>
<li>Latence des données délivrées : médiane ${a.figures.latencyMs.p50 === null ? '—' : `${formatNumber(a.figures.latencyMs.p50)} ms`}, p95 ${a.figures.latencyMs.p95 === null ? '—' : `${formatNumber(a.figures.latencyMs.p95)} ms`}</li>
<li>Cas de contrôle ouverts : ${formatNumber(a.casesOpened)}</li></ul>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>${a.title} — par administration consommatrice</caption>
<thead><tr><th scope="col">Administration</th><th scope="col">Échanges</th><th scope="col">Données délivrées</th><th scope="col">Introuvables</th><th scope="col">Délais dépassés</th><th scope="col">Défaillances producteur</th><th scope="col">Défaillances plateforme</th><th scope="col">Erreurs d’appel</th><th scope="col">Refus</th></tr></thead>
<tbody>${
          a.consumers.length
            ? a.consumers.map(
                (c) =>
                  html`<tr><th scope="row">${c.name} <span class="fr-text--xs">(${c.siret})</span></th><td>${formatNumber(c.exchanges)}</td><td>${formatNumber(c.delivered)}</td><td>${formatNumber(c.not_found)}</td><td>${formatNumber(c.timeout)}</td><td>${formatNumber(c.provider_failure)}</td><td>${formatNumber(c.platform_failure)}</td><td>${formatNumber(c.client_mistake)}</td><td>${formatNumber(c.refused)}</td></tr>`,
              )
            : html`<tr><td colspan="9">Aucun échange ce mois-là.</td></tr>`
        }</tbody></table></div>`,
      )
}
<p class="fr-text--sm">Ce rapport vous est annoncé chaque mois par courriel. Les indicateurs publics de la plateforme sont sur <a href="/guichet/indicateurs">la page des indicateurs</a>.</p>
</div>`;
  return layout({ title: `Rapport mensuel d’usage — ${r.producer.name}`, section: 'espace', user: m.user, csrfToken: m.csrfToken, body });
}
