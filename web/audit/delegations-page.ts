import { html, type SafeHtml } from '../html.js';
import type { DelegationFacts } from '../../audit/index.js';
import { auditPage, frenchDateTime, type AuditUser } from './common.js';

export interface DelegationsAuditModel {
  user: AuditUser;
  items: DelegationFacts[];
  orgNames: Record<string, string>;
}

const STATUS: Record<string, string> = { pending: 'En attente de l’éditeur', active: 'Active', ended: 'Terminée' };

/** `/audit/delegations`: every delegation of a contract to a software editor (docs/architecture.md, "Delegations"). */
export function renderAuditDelegationsPage(m: DelegationsAuditModel): SafeHtml {
  const name = (s: string) => m.orgNames[s] ?? s;
  return auditPage({
    title: 'Délégations à des éditeurs',
    user: m.user,
    tab: 'delegations',
    body: html`<p>Les éditeurs de logiciels appellent pour les administrations qui leur délèguent un contrat ; chaque délégation, son acceptation et sa fin sont inscrites au journal.</p>
<div class="fr-table fr-table--bordered" id="delegations"><table tabindex="0"><caption>${m.items.length} délégation${m.items.length > 1 ? 's' : ''}</caption>
<thead><tr><th>Administration</th><th>Éditeur</th><th>Logiciel</th><th>API</th><th>Contrat</th><th>Volume déclaré</th><th>État</th><th>Accordée le</th><th>Fin</th></tr></thead>
<tbody>${m.items.map(
      (
        d,
      ) => html`<tr data-delegation="${d.id}"><td>${name(d.consumerSiret)}</td><td>${name(d.editorSiret)}</td><td>${d.software}</td><td><code>${d.apiSlug}</code></td>
<td><a href="/audit/contrats/${d.contractId}">Dossier du contrat</a></td><td>${d.declaredPerMinute === null ? '—' : `${d.declaredPerMinute} par minute`}</td>
<td>${STATUS[d.status] ?? d.status}</td><td>${frenchDateTime(d.createdAt.toISOString())}</td><td>${d.endedAt ? frenchDateTime(d.endedAt.toISOString()) : '—'}</td></tr>`,
    )}</tbody></table></div>`,
  });
}
