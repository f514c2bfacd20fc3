import { html, type SafeHtml } from '../html.js';
import type { ApiStats, MonthStats } from '../../audit/index.js';
import { formatMonth, formatNumber } from '../french/index.js';

function n(v: number | null, suffix = ''): string {
  return v === null ? '< seuil' : `${formatNumber(v)}${suffix}`;
}

const W = 560;
const H = 220;
const PAD = { left: 56, right: 8, top: 12, bottom: 40 };

/**
 * Exchanges per month as an SVG bar chart (no script, no library). The chart is an image with a
 * title and a description; the same numbers are in the table beside it, which is what assistive
 * technologies read. Withheld months are drawn as gaps.
 */
export function statsChart(s: ApiStats): SafeHtml {
  const months = s.months;
  const values = months.map((m) => (m.suppressed ? null : m.exchanges));
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const step = (W - PAD.left - PAD.right) / Math.max(1, months.length);
  const bar = Math.max(4, step * 0.6);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const ticks = [0, max / 2, max].map((v) => Math.round(v));
  const shown = months.filter((m) => !m.suppressed);
  const desc = shown.length ? shown.map((m) => `${formatMonth(m.month)} : ${n(m.exchanges)} échanges`).join(' ; ') : 'Aucun mois publié.';
  return html`<svg class="dp-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="stats-graphique-titre stats-graphique-desc" xmlns="http://www.w3.org/2000/svg">
<title id="stats-graphique-titre">Échanges par mois — ${s.api.title}</title>
<desc id="stats-graphique-desc">${desc}</desc>
${ticks.map((t) => html`<line class="dp-axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/><text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${formatNumber(t)}</text>`)}
${months.map((m: MonthStats, i) => {
  const x = PAD.left + i * step + (step - bar) / 2;
  const v = m.suppressed ? null : m.exchanges;
  return html`${v !== null ? html`<rect class="dp-bar" x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(H - PAD.bottom - y(v)).toFixed(1)}"/>` : ''}
<text x="${(x + bar / 2).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${formatMonth(m.month).replace(/ (\d{2})(\d{2})$/, ' $2')}</text>`;
})}
</svg>`;
}

/**
 * The open-statistics block of a catalogue API page: a chart of exchanges per month beside the
 * table of every figure, anonymised aggregates only, small counts shown as « < seuil ».
 */
export function renderApiStatsBlock(s: ApiStats): SafeHtml {
  return html`<section class="fr-mt-4w" id="statistiques" aria-labelledby="stats-title"><h2 id="stats-title">Statistiques d’usage</h2>
${
  s.months.length === 0
    ? html`<p>Aucun échange sur la période.</p>`
    : html`<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-lg-5">${statsChart(s)}</div>
<div class="fr-col-12 fr-col-lg-7"><div class="fr-table"><table tabindex="0"><caption>Par mois — effectifs inférieurs à ${s.threshold} masqués ; aucune donnée individuelle</caption>
<thead><tr><th scope="col">Mois</th><th scope="col">Échanges</th><th scope="col">Consommateurs</th><th scope="col">Latence médiane</th><th scope="col">Latence p95</th><th scope="col">Disponibilité</th></tr></thead>
<tbody>${s.months.map(
        (m) =>
          html`<tr><th scope="row">${formatMonth(m.month)}</th>${
            m.suppressed
              ? html`<td colspan="5">moins de ${s.threshold} échanges : non publié</td>`
              : html`<td>${n(m.exchanges)}</td><td>${n(m.consumers)}</td><td>${m.latencyMs.p50 === null ? '—' : `${formatNumber(m.latencyMs.p50)} ms`}</td><td>${m.latencyMs.p95 === null ? '—' : `${formatNumber(m.latencyMs.p95)} ms`}</td><td>${m.availability === null ? '—' : `${formatNumber(m.availability * 100, 2)} %`}</td>`
          }</tr>`,
      )}</tbody></table></div></div>
</div>`
}
<p class="fr-text--sm">Données ouvertes : <a href="/v1/stats/apis/${s.api.slug}">/v1/stats/apis/${s.api.slug}</a> (JSON).</p></section>`;
}
