import { html, type SafeHtml } from '../html.js';
import type { ApiStats } from '../../audit/index.js';

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function n(v: number | null, suffix = ''): string {
  return v === null ? '< seuil' : `${v.toLocaleString('fr-FR')}${suffix}`;
}

/**
 * The open-statistics block of a catalogue API page (issue 8): one row per month, anonymised
 * aggregates only, small counts shown as "< seuil".
 */
export function renderApiStatsBlock(s: ApiStats): SafeHtml {
  return html`<section class="fr-mt-4w" id="statistiques" aria-labelledby="stats-title"><h2 id="stats-title">Statistiques d’usage</h2>
${s.months.length === 0 ? html`<p>Aucun échange sur la période.</p>` : html`<div class="fr-table"><table><caption>Par mois — effectifs inférieurs à ${s.threshold} masqués ; aucune donnée individuelle</caption>
<thead><tr><th>Mois</th><th>Échanges</th><th>Consommateurs</th><th>Latence médiane</th><th>Latence p95</th><th>Disponibilité</th></tr></thead>
<tbody>${s.months.map((m) => html`<tr><td>${MONTH.format(new Date(`${m.month}-01T00:00:00Z`))}</td>${m.suppressed
    ? html`<td colspan="5">moins de ${s.threshold} échanges : non publié</td>`
    : html`<td>${n(m.exchanges)}</td><td>${n(m.consumers)}</td><td>${m.latencyMs.p50 === null ? '—' : `${m.latencyMs.p50} ms`}</td><td>${m.latencyMs.p95 === null ? '—' : `${m.latencyMs.p95} ms`}</td><td>${m.availability === null ? '—' : `${(m.availability * 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`}</td>`}</tr>`)}</tbody></table></div>`}
<p class="fr-text--sm">Données ouvertes : <a href="/v1/stats/apis/${s.api.slug}">/v1/stats/apis/${s.api.slug}</a> (JSON).</p></section>`;
}
