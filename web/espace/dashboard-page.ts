import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import type { ContractView } from '../../contracts/index.js';
import { badge, csrfField, errorAlert, noticeAlert, type EspaceUser, type PageError } from './common.js';
import { frenchDateTime } from './labels.js';

export interface DashboardData {
  user: EspaceUser;
  /** Requests of the organisations where the user is an applicant. */
  mine: ContractView[];
  /** Queue of the producers where the user instructs (instructor or DPO). */
  queue: ContractView[];
  /** Restricted APIs open to requests. */
  apis: { slug: string; title: string; producerName: string }[];
  /** Organisations the user may request for. */
  applicantOrgs: { siret: string; name: string }[];
  orgNames: Record<string, string>;
  /** API titles by slug (the slug is shown only when the title is unknown). */
  apiTitles?: Record<string, string>;
  error?: PageError;
  /** The API chosen from its catalogue page (« Demander l’accès »), selected in the new-request form. */
  preselectedApi?: string;
  /** Success notice code after a form (`?info=`). */
  notice?: string;
  /** The user administers or instructs a producer's APIs (link to their settings). */
  managesApis?: boolean;
  /** The user administers an organisation: link to its agents' page. */
  manageAgents?: boolean;
}

/** Links to the space's other pages the user may open. */
function shortcuts(d: DashboardData): SafeHtml {
  const links: { href: string; label: string; id: string }[] = [];
  links.push({ href: '/espace/delegations', label: 'Délégations à des éditeurs de logiciels', id: 'lien-delegations' });
  if (d.manageAgents) links.push({ href: '/espace/agents', label: 'Gérer les agents de mon organisation', id: 'gerer-agents' });
  if (d.applicantOrgs.length)
    links.push({ href: '/espace/consentements', label: 'Demandes de consentement aux personnes', id: 'lien-consentements' });
  if (d.managesApis)
    links.push({ href: '/espace/apis', label: 'Réglages de mes API (accès, sensibilité, consentement)', id: 'lien-reglages-api' });
  return html`<nav aria-label="Autres pages de l’espace" class="fr-mb-4w"><ul class="fr-links-group">${links.map(
    (l) => html`<li><a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="${l.href}" id="${l.id}">${l.label}</a></li>`,
  )}</ul></nav>`;
}

function rows(
  items: ContractView[],
  orgNames: Record<string, string>,
  side: 'consumer' | 'producer',
  apiTitles: Record<string, string> = {},
): SafeHtml {
  if (items.length === 0) return html`<p>Aucune demande.</p>`;
  return html`<div class="fr-table"><table tabindex="0">
<caption class="fr-sr-only">${side === 'consumer' ? 'Mes demandes' : 'File d’instruction'}</caption>
<thead><tr><th scope="col">Demande</th><th scope="col">API</th><th scope="col">${side === 'consumer' ? 'Producteur' : 'Demandeur'}</th><th scope="col">Contrat</th><th scope="col">Demande en cours</th><th scope="col">Mise à jour</th></tr></thead>
<tbody>${items.map((c) => {
    const open = c.versions.find((v) => v.version === c.openVersion);
    const latest = open ?? c.versions.at(-1)!;
    const other = side === 'consumer' ? c.producerSiret : c.consumerSiret;
    return html`<tr data-contract="${c.id}">
<td><a href="/espace/habilitations/${c.id}">${latest.form.intitule ?? 'Sans intitulé'}</a></td>
<td>${apiTitles[c.apiSlug] ?? c.apiSlug}</td><td>${orgNames[other] ?? other}</td><td>${badge(c.status)}</td>
<td>${open ? html`${badge(open.status)}${open.awaitingSecondApproval ? html` <span class="fr-text--sm">(attend le DPO)</span>` : ''}` : '—'}</td>
<td>${frenchDateTime(c.updatedAt)}</td></tr>`;
  })}</tbody></table></div>`;
}

/** `/espace`: my requests, the queue to instruct, and a new request. */
export function renderEspacePage(d: DashboardData): SafeHtml {
  return layout({
    title: 'Espace administrations',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    currentPath: '/espace',
    body: html`<h1>Espace administrations</h1>
${noticeAlert(d.notice)}
${shortcuts(d)}
${errorAlert(d.error)}
${
  d.applicantOrgs.length
    ? html`<section class="fr-mb-6w" aria-labelledby="nouvelle">
<h2 id="nouvelle">Nouvelle demande d’habilitation</h2>
<form method="post" action="/espace/habilitations" class="fr-grid-row fr-grid-row--gutters">${csrfField(d.user.csrfToken)}
<div class="fr-col-12 fr-col-md-5 fr-select-group"><label class="fr-label" for="apiSlug">API demandée</label>
<select class="fr-select" id="apiSlug" name="apiSlug" required>${d.apis.map((a) => html`<option value="${a.slug}"${a.slug === d.preselectedApi ? html` selected` : ''}>${a.title} — ${a.producerName}</option>`)}</select></div>
<div class="fr-col-12 fr-col-md-5 fr-select-group"><label class="fr-label" for="consumerSiret">Pour l’organisation</label>
<select class="fr-select" id="consumerSiret" name="consumerSiret" required>${d.applicantOrgs.map((o) => html`<option value="${o.siret}">${o.name} (${o.siret})</option>`)}</select></div>
<div class="fr-col-12 fr-col-md-2"><button class="fr-btn fr-mt-4w" type="submit" id="creer">Commencer</button></div>
</form></section>`
    : ''
}
<section class="fr-mb-6w" aria-labelledby="mes-demandes"><h2 id="mes-demandes">Demandes de mes organisations</h2>${rows(d.mine, d.orgNames, 'consumer', d.apiTitles)}</section>
${d.queue.length || d.applicantOrgs.length === 0 ? html`<section aria-labelledby="a-instruire"><h2 id="a-instruire">À instruire (producteur)</h2>${rows(d.queue, d.orgNames, 'producer', d.apiTitles)}</section>` : ''}`,
  });
}
