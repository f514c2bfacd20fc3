import { html, type SafeHtml } from '../html.js';
import type { ContractReviewQuery } from '../../audit/index.js';
import { auditPage, queryString, type AuditUser } from './common.js';
import { reviewFilters } from './contracts-page.js';

export interface RegisterPageModel {
  user: AuditUser;
  query: ContractReviewQuery;
  apis: { slug: string; title: string }[];
  organisations: { siret: string; name: string }[];
}

/** `/audit/registre`: export of the register of processing (CSV or JSON) with the review filters. */
export function renderAuditRegisterPage(m: RegisterPageModel): SafeHtml {
  const qs = queryString({ ...m.query });
  const sep = qs ? '&' : '?';
  return auditPage({
    title: 'Registre des traitements',
    user: m.user,
    tab: 'registre',
    body: html`<p>Une ligne par contrat validé : finalité, base légale, données, destinataires, durée de conservation, responsable de traitement, délégué à la protection des données, dates.</p>
${reviewFilters(m, '/audit/registre', 'Appliquer les filtres')}
<ul class="fr-btns-group fr-btns-group--inline">
<li><a class="fr-btn fr-icon-download-line fr-btn--icon-left" id="export-csv" download href="/v1/audit/register${qs}${sep}format=csv">Exporter en CSV</a></li>
<li><a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" id="export-json" download href="/v1/audit/register${qs}${sep}format=json">Exporter en JSON</a></li>
</ul>`,
  });
}
