import { html, type SafeHtml } from '../html.js';
import type { ContractReviewItem, ContractReviewQuery } from '../../audit/index.js';
import { STATUS_LABELS } from '../espace/labels.js';
import { auditPage, badge, input, queryString, select, when, type AuditUser } from './common.js';

export const SENSITIVITY_LABELS: Record<string, string> = {
  standard: 'Standard',
  sensitive: 'Sensible',
  highly_sensitive: 'Très sensible',
};

export interface ContractsPageModel {
  user: AuditUser;
  query: ContractReviewQuery;
  items: ContractReviewItem[];
  nextCursor: string | null;
  orgNames: Record<string, string>;
  apis: { slug: string; title: string }[];
  organisations: { siret: string; name: string }[];
  openCases: number;
}

/** Filter form shared by the contracts page and the register page. */
export function reviewFilters(m: Pick<ContractsPageModel, 'query' | 'apis' | 'organisations'>, action: string, submit: string): SafeHtml {
  const q = m.query;
  const orgs = m.organisations.map((o): [string, string] => [o.siret, o.name]);
  return html`<form method="get" action="${action}" class="fr-mb-4w" id="filtres"><fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Filtres</legend>
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-4">${select('producer', 'Producteur', orgs, q.producer)}</div>
<div class="fr-col-12 fr-col-md-4">${select('consumer', 'Consommateur', orgs, q.consumer)}</div>
<div class="fr-col-12 fr-col-md-4">${select(
    'api',
    'API',
    m.apis.map((a): [string, string] => [a.slug, a.title]),
    q.api,
  )}</div>
<div class="fr-col-12 fr-col-md-4">${select('sensitivity', 'Sensibilité', Object.entries(SENSITIVITY_LABELS), q.sensitivity)}</div>
<div class="fr-col-12 fr-col-md-4">${select(
    'status',
    'Statut',
    Object.entries(STATUS_LABELS)
      .filter(([k]) => ['pending', 'refused', 'active', 'suspended', 'revoked', 'expired'].includes(k))
      .map(([k, v]): [string, string] => [k, v.label]),
    q.status,
  )}</div>
<div class="fr-col-12 fr-col-md-4">${input('expiresBefore', 'Expire au plus tard le', q.expiresBefore, 'date')}</div>
</div>
<button class="fr-btn" type="submit">${submit}</button> <a class="fr-btn fr-btn--tertiary" href="${action}">Réinitialiser</a>
</fieldset></form>`;
}

/** `/audit`: contracts under review with their usage, filters, link to each contract. */
export function renderAuditContractsPage(m: ContractsPageModel): SafeHtml {
  const name = (s: string) => m.orgNames[s] ?? s;
  return auditPage({
    title: 'Contrats sous revue',
    user: m.user,
    tab: 'contrats',
    body: html`<p>${m.openCases ? html`<a class="fr-link" href="/audit/cas?status=open">${m.openCases} cas ouvert(s)</a> à instruire.` : 'Aucun cas ouvert.'}</p>
${reviewFilters(m, '/audit', 'Filtrer')}
<div class="fr-table fr-table--bordered" id="contrats"><table tabindex="0"><caption>${m.items.length} contrat(s) — usage sur 90 jours</caption>
<thead><tr><th scope="col">API</th><th scope="col">Consommateur</th><th scope="col">Producteur</th><th scope="col">Sensibilité</th><th scope="col">Statut</th><th scope="col">Fin de validité</th><th scope="col">Appels</th><th scope="col">Personnes distinctes</th><th scope="col">Dernier appel</th></tr></thead>
<tbody>${m.items.map(
      (
        c,
      ) => html`<tr data-contract="${c.id}"><td><a href="/audit/contrats/${c.id}">${c.apiTitle ?? c.apiSlug}</a></td><td>${name(c.consumerSiret)}</td><td>${name(c.producerSiret)}</td>
<td>${SENSITIVITY_LABELS[c.sensitivity ?? ''] ?? '—'}</td><td>${badge(c.status)}</td><td>${when(c.validUntil)}</td><td>${c.usage.calls}</td><td>${c.usage.distinctSubjects}</td><td>${when(c.usage.lastCall)}</td></tr>`,
    )}</tbody></table></div>
${m.nextCursor ? html`<a class="fr-link" href="/audit${queryString({ ...m.query, cursor: m.nextCursor })}">Page suivante</a>` : ''}`,
  });
}
