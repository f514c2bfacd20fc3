import { html, type SafeHtml } from '../html.js';
import type { AuditCase } from '../../audit/index.js';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, caseKindLabel } from '../../audit/index.js';
import { auditPage, queryString, select, when, type AuditUser } from './common.js';

export interface CasesPageModel {
  user: AuditUser;
  filter: { status?: string; kind?: string };
  items: AuditCase[];
  nextCursor: string | null;
  orgNames: Record<string, string>;
}

export function caseBadge(status: string): SafeHtml {
  const style = status === 'open' ? 'fr-badge--error' : status === 'investigating' ? 'fr-badge--warning' : 'fr-badge--success';
  return html`<p class="fr-badge fr-badge--sm ${style}" data-status="${status}">${CASE_STATUS_LABELS[status] ?? status}</p>`;
}

/** `/audit/cas`: cases opened by the rules and citizens' reports. */
export function renderAuditCasesPage(m: CasesPageModel): SafeHtml {
  return auditPage({
    title: 'Cas',
    user: m.user,
    tab: 'cas',
    body: html`<form method="get" action="/audit/cas" class="fr-mb-3w"><div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-4">${select('status', 'Statut', Object.entries(CASE_STATUS_LABELS), m.filter.status)}</div>
<div class="fr-col-12 fr-col-md-6">${select('kind', 'Type', Object.entries(CASE_KIND_LABELS), m.filter.kind)}</div>
<div class="fr-col-12 fr-col-md-2"><button class="fr-btn fr-mt-4w" type="submit">Filtrer</button></div></div></form>
<div class="fr-table fr-table--bordered" id="cas"><table tabindex="0"><caption>${m.items.length} cas</caption>
<thead><tr><th>Ouvert le</th><th>Type</th><th>Origine</th><th>Consommateur</th><th>Statut</th><th>Preuves</th></tr></thead>
<tbody>${m.items.map(
      (
        c,
      ) => html`<tr data-case="${c.id}" data-kind="${c.kind}"><td>${when(c.openedAt)}</td><td><a href="/audit/cas/${c.id}">${caseKindLabel(c.kind)}</a></td>
<td>${c.source === 'citizen' ? 'Signalement d’un usager' : 'Règle automatique'}</td><td>${c.consumerSiret ? (m.orgNames[c.consumerSiret] ?? c.consumerSiret) : '—'}</td><td>${caseBadge(c.status)}</td><td>${c.evidence.length}</td></tr>`,
    )}</tbody></table></div>
${m.nextCursor ? html`<a class="fr-link" href="/audit/cas${queryString({ ...m.filter, cursor: m.nextCursor })}">Page suivante</a>` : ''}`,
  });
}
