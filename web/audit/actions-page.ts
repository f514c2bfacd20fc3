import { html, type SafeHtml } from '../html.js';
import type { AuditorAction } from '../../audit/index.js';
import { auditPage, queryString, when, type AuditUser } from './common.js';

export interface ActionsPageModel {
  user: AuditUser;
  items: AuditorAction[];
  nextCursor: string | null;
}

function describe(a: AuditorAction): SafeHtml {
  const q = a.query
    ? Object.entries(a.query)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')
    : '';
  return html`${a.target ? html`<code>${a.target}</code> ` : ''}${q ? html`<span class="fr-text--sm">(<code>${q}</code>)</span>` : ''}`;
}

/** `/audit/mes-actions`: the auditor's own actions, as recorded in the ledger ("watching the watchers"). */
export function renderAuditActionsPage(m: ActionsPageModel): SafeHtml {
  return auditPage({
    title: 'Mes actions',
    user: m.user,
    tab: 'mes-actions',
    body: html`<p>Vos actions telles qu’inscrites au journal infalsifiable des échanges (événements <code>audit.read</code>).</p>
<div class="fr-table fr-table--bordered" id="actions"><table tabindex="0"><thead><tr><th>Date</th><th>Action</th><th>Objet</th><th>Événement du journal</th></tr></thead>
<tbody>${m.items.map((a) => html`<tr data-action="${a.action ?? ''}"><td>${when(a.occurredAt)}</td><td>${a.label ?? a.action}</td><td>${describe(a)}</td><td><code>${a.id}</code></td></tr>`)}</tbody></table></div>
${m.nextCursor ? html`<a class="fr-link" href="/audit/mes-actions${queryString({ cursor: m.nextCursor })}">Page suivante</a>` : ''}`,
  });
}
