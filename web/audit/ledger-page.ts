import { html, type SafeHtml } from '../html.js';
import type { VerifyReport } from '../../ledger/index.js';
import { auditPage, csrfField, errorAlert, input, when, type AuditUser, type PageError } from './common.js';

export interface LedgerPageModel {
  user: AuditUser;
  range: { from?: string; to?: string };
  report?: VerifyReport & { from: string | null; to: string | null };
  lag?: { behindEvents: number; behindMs: number };
  error?: PageError;
}

function result(r: NonNullable<LedgerPageModel['report']>): SafeHtml {
  const head = r.ok
    ? html`<div class="fr-alert fr-alert--success fr-mb-3w" id="resultat" data-ok="true"><h2 class="fr-alert__title">Journal intègre</h2>`
    : html`<div class="fr-alert fr-alert--error fr-mb-3w" id="resultat" data-ok="false"><h2 class="fr-alert__title">${r.breakCount} anomalie(s) détectée(s)</h2>`;
  return html`${head}<p>${r.events} événement(s) vérifié(s) sur ${r.chains.length} chaîne(s), ${r.checkpoints} point(s) de contrôle signé(s), en ${Math.round(r.elapsedMs)} ms
(période : ${r.from ? when(r.from) : 'origine'} → ${r.to ? when(r.to) : 'maintenant'}).</p>
${r.breaks.length ? html`<ul>${r.breaks.slice(0, 20).map((b) => html`<li><code>${JSON.stringify(b)}</code></li>`)}</ul>` : ''}</div>`;
}

/** `/audit/journal`: verify the ledger over a range and download the evidence bundle of an event. */
export function renderAuditLedgerPage(m: LedgerPageModel): SafeHtml {
  return auditPage({
    title: 'Journal des échanges et preuves',
    user: m.user,
    tab: 'journal',
    body: html`${errorAlert(m.error)}${m.report ? result(m.report) : ''}
${m.lag ? html`<p>Contrôle automatique : ${m.lag.behindEvents} événement(s) en attente d’évaluation (retard ${Math.round(m.lag.behindMs / 1000)} s).</p>` : ''}
<form method="post" action="/audit/journal/verifier" class="fr-mb-4w" id="verifier">${csrfField(m.user.csrfToken)}
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Vérifier l’intégrité du journal sur une période</legend>
<div class="fr-grid-row fr-grid-row--gutters"><div class="fr-col-12 fr-col-md-4">${input('from', 'Du', m.range.from, 'date', 'vide : depuis l’origine')}</div>
<div class="fr-col-12 fr-col-md-4">${input('to', 'Au (inclus)', m.range.to, 'date', 'vide : jusqu’à maintenant')}</div></div>
<button class="fr-btn" type="submit">Vérifier</button></fieldset></form>
<form method="get" action="/audit/journal/preuve" id="preuve"><fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Télécharger la preuve d’un échange</legend>
${input('id', 'Identifiant de l’échange (X-Request-ID)', undefined, 'text', 'UUID')}
<button class="fr-btn fr-btn--secondary" type="submit">Télécharger</button>
<p class="fr-hint-text fr-mt-2w">La preuve se vérifie hors ligne : <code>datapedia ledger verify-evidence preuve.json --keys cles.json</code>
avec les <a href="/v1/audit/ledger/keys" download id="cles">clés publiques du journal</a>.</p></fieldset></form>`,
  });
}
