import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { frenchDateTime } from '../espace/labels.js';

export { badge, csrfField, errorAlert, type PageError } from '../espace/common.js';
export { frenchDateTime };

/** The signed-in auditor. */
export interface AuditUser {
  name: string;
  csrfToken?: string;
}

export type AuditTab = 'contrats' | 'registre' | 'delegations' | 'cas' | 'journal' | 'mes-actions';

const TABS: { id: AuditTab; href: string; label: string }[] = [
  { id: 'contrats', href: '/audit', label: 'Contrats' },
  { id: 'registre', href: '/audit/registre', label: 'Registre des traitements' },
  { id: 'delegations', href: '/audit/delegations', label: 'Délégations à des éditeurs' },
  { id: 'cas', href: '/audit/cas', label: 'Cas' },
  { id: 'journal', href: '/audit/journal', label: 'Journal et preuves' },
  { id: 'mes-actions', href: '/audit/mes-actions', label: 'Mes actions' },
];

/** The console's shell: DSFR layout, section "audit", the console's own navigation. */
export function auditPage(o: { title: string; user: AuditUser; tab: AuditTab; body: SafeHtml }): SafeHtml {
  return layout({
    title: o.title,
    section: 'audit',
    csrfToken: o.user.csrfToken,
    user: { name: o.user.name, logoutUrl: '/auth/logout' },
    body: html`<nav class="fr-sidemenu fr-sidemenu--sticky fr-mb-3w" aria-labelledby="audit-menu"><div class="fr-sidemenu__inner">
<p class="fr-sidemenu__title" id="audit-menu">Console de contrôle</p>
<ul class="fr-sidemenu__list">${TABS.map((t) => html`<li class="fr-sidemenu__item${t.id === o.tab ? ' fr-sidemenu__item--active' : ''}"><a class="fr-sidemenu__link" href="${t.href}"${t.id === o.tab ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul>
</div></nav>
<h1>${o.title}</h1>
${o.body}
<p class="fr-text--xs fr-mt-4w">Chacune de vos consultations, recherches, exports et téléchargements est inscrite au journal des échanges (voir « Mes actions »).</p>`,
  });
}

export function when(iso: string | null | undefined): string {
  return iso ? frenchDateTime(iso) : '—';
}

/** A query string of the non-empty values (links that keep the filters). */
export function queryString(values: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function select(name: string, label: string, options: [string, string][], value: string | undefined): SafeHtml {
  return html`<div class="fr-select-group"><label class="fr-label" for="f-${name}">${label}</label>
<select class="fr-select" id="f-${name}" name="${name}"><option value="">Tous</option>${options.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`)}</select></div>`;
}

export function input(name: string, label: string, value: string | undefined, type = 'text', hint?: string): SafeHtml {
  return html`<div class="fr-input-group"><label class="fr-label" for="f-${name}">${label}${hint ? html`<span class="fr-hint-text">${hint}</span>` : ''}</label>
<input class="fr-input" type="${type}" id="f-${name}" name="${name}" value="${value ?? ''}"></div>`;
}
