import { html, type SafeHtml } from '../html.js';
import { formatMonth, formatNumber } from '../french/index.js';

const W = 640;
const H = 240;
const PAD = { left: 56, right: 12, top: 16, bottom: 40 };
const BLUE = '#000091';
const RED = '#ce0500';
const GREY = '#3a3a3a';

export interface BarChart {
  /** Unique in the page (ids of the title and description). */
  id: string;
  title: string;
  /** One bar per month; null: withheld or nothing to show (a gap, said in the description). */
  points: { month: string; value: number | null }[];
  /** Values are rates (0..1) shown in percent, with the axis fixed to 0–100 %. */
  percent?: boolean;
  /** A horizontal target line (same unit as the values), e.g. 0.8. */
  target?: { value: number; label: string };
}

function shortMonth(m: string): string {
  return formatMonth(m).replace(/ (\d{2})(\d{2})$/, ' $2');
}

function label(v: number, percent: boolean): string {
  return percent ? `${formatNumber(v * 100, 1)} %` : formatNumber(v);
}

/**
 * A server-rendered SVG bar chart (no script): `role="img"` with a title and a description that
 * states every value and the target, so the chart says the same as the data table beside it.
 */
export function barChart(c: BarChart): SafeHtml {
  const percent = c.percent ?? false;
  const max = percent ? 1 : Math.max(1, ...c.points.map((p) => p.value ?? 0), c.target?.value ?? 0);
  const step = (W - PAD.left - PAD.right) / Math.max(1, c.points.length);
  const bar = Math.max(4, step * 0.6);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const ticks = percent ? [0, 0.5, 1] : [0, max / 2, max].map((v) => Math.round(v));
  const values = c.points.map((p) => `${formatMonth(p.month)} : ${p.value === null ? 'non publié' : label(p.value, percent)}`).join(' ; ');
  const desc = `${values || 'Aucun mois.'}${c.target ? ` Ligne de cible : ${c.target.label}.` : ''}`;
  return html`<svg class="dp-chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${c.id}-titre ${c.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${c.id}-titre">${c.title}</title>
<desc id="${c.id}-desc">${desc}</desc>
${ticks.map(
  (t) =>
    html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#dddddd"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="${GREY}">${label(t, percent)}</text>`,
)}
${c.points.map((p, i) => {
  const x = PAD.left + i * step + (step - bar) / 2;
  return html`${p.value !== null ? html`<rect x="${x.toFixed(1)}" y="${y(p.value).toFixed(1)}" width="${bar.toFixed(1)}" height="${(H - PAD.bottom - y(p.value)).toFixed(1)}" fill="${BLUE}"/>` : ''}
<text x="${(x + bar / 2).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="12" fill="${GREY}">${shortMonth(p.month)}</text>`;
})}
${
  c.target
    ? html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(c.target.value).toFixed(1)}" y2="${y(c.target.value).toFixed(1)}" stroke="${RED}" stroke-width="2" stroke-dasharray="6 4"/><text x="${W - PAD.right}" y="${(y(c.target.value) - 6).toFixed(1)}" text-anchor="end" font-size="12" fill="${RED}">${c.target.label}</text>`
    : ''
}
</svg>`;
}
