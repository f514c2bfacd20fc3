import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { fieldCovers, type Api, type ApiVersion, type DataElement, type Endpoint, type Scope } from '../../catalog/index.js';

import { formatDate, truncateWords } from '../french/index.js';
import { howToCallSection, legalBasesSection, producerStatusSection, whoMayAskSection, type ProducerStatus } from './how-to-call.js';

const MAX_FIELDS = 100;
import { ACCESS_LABELS, CONSENT_LABELS, LIFECYCLE_LABELS, SENSITIVITY_LABELS, SUBJECT_LABELS, sensitivityBadge } from './labels.js';

export interface ApiPageModel {
  api: Api;
  producerName: string;
  endpoints: Endpoint[];
  scopes: Scope[];
  /** Response pointer -> data element id. */
  fieldLinks: Record<string, string>;
  dataElements: Map<string, DataElement>;
  versions: ApiVersion[];
  /** The viewer manages this API (platform admin or the producer's admin/instructor). */
  canManage?: boolean;
  user?: { name: string } | null;
  /** The open-statistics block (audit), when the API publishes statistics. */
  statsBlock?: SafeHtml;
  /** Public base URL of the gateway (the « Comment appeler » block is shown when set). */
  gatewayUrl?: string;
  /** The producer's last measured status (ping). */
  producerStatus?: ProducerStatus;
  /** The viewer's CSRF token (for the header's logout form). */
  csrfToken?: string;
  /** The page's path, kept through login. */
  currentPath?: string;
  /** Published use cases of the counter that rely on this API. */
  useCases?: { slug: string; title: string }[];
}

function conditions(a: Api): SafeHtml {
  const rows: [string, string][] = [
    ['Accès', ACCESS_LABELS[a.access] ?? a.access],
    ['Sensibilité', SENSITIVITY_LABELS[a.sensitivity] ?? a.sensitivity],
    ['Personnes concernées', SUBJECT_LABELS[a.subjectKind] ?? a.subjectKind],
    ['Consentement', CONSENT_LABELS[a.consentPolicy] ?? a.consentPolicy],
    ['Débit par défaut', `${a.rateLimitPerMinute} appels par minute`],
    [
      'Conservation des traces',
      a.retention ? `de ${a.retention.minDays} à ${a.retention.maxDays} jours après l’échange` : 'durée par défaut de la plateforme',
    ],
    ['État', LIFECYCLE_LABELS[a.lifecycle] ?? a.lifecycle],
    ['Version', a.version ?? '—'],
  ];
  return html`<dl class="fr-grid-row fr-grid-row--gutters">${rows.map(([k, v]) => html`<div class="fr-col-12 fr-col-md-4"><dt class="fr-text--bold">${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function endpointsTable(endpoints: Endpoint[]): SafeHtml {
  if (!endpoints.length) return html`<p>Aucun document OpenAPI importé.</p>`;
  return html`<div class="fr-table"><table tabindex="0" id="points-acces"><caption>Points d’accès (${endpoints.length})</caption>
<thead><tr><th scope="col">Méthode</th><th scope="col">Chemin</th><th scope="col">Description</th><th scope="col">Champs</th></tr></thead>
<tbody>${endpoints.map(
    (e) => html`<tr id="op-${e.operationId}" data-operation-id="${e.operationId}">
  <td><code>${e.method.toUpperCase()}</code></td><td><code>${e.pathTemplate}</code>${e.deprecated ? html` <span class="fr-badge fr-badge--sm fr-badge--warning">dépréciée</span>` : ''}</td>
  <td>${e.summary || e.operationId}</td><td>${e.fields.length}</td></tr>`,
  )}</tbody></table></div>`;
}

function fieldLabel(pointer: string, m: ApiPageModel): SafeHtml {
  const id = m.fieldLinks[pointer];
  const de = id ? m.dataElements.get(id) : undefined;
  return de ? html`<code>${pointer}</code> — <a href="/catalogue/donnees/${de.id}">${de.label}</a>` : html`<code>${pointer}</code>`;
}

function scopesSection(m: ApiPageModel): SafeHtml {
  if (!m.scopes.length) return html`<p>Aucun périmètre déclaré.</p>`;
  const allFields = [...new Set([...m.endpoints.flatMap((e) => e.fields), ...Object.keys(m.fieldLinks)])];
  return html`${m.scopes.map((s) => {
    const covered = allFields.filter((f) => s.pointers.some((g) => fieldCovers(g, f))).sort();
    const shown = covered.length ? covered : s.pointers;
    return html`<h3 class="fr-h6">${s.label} <code class="fr-text--sm">${s.name}</code></h3>
<ul data-scope="${s.name}">${shown.slice(0, MAX_FIELDS).map((p) => html`<li>${fieldLabel(p, m)}</li>`)}</ul>
${shown.length > MAX_FIELDS ? html`<p class="fr-text--sm">… et ${shown.length - MAX_FIELDS} autres champs.</p>` : ''}`;
  })}`;
}

/** The detail of a version's changes: endpoints added, removed, changed (with their fields). */
function changes(v: ApiVersion): SafeHtml | string {
  const d = v.diff;
  if (!d || (!d.endpointsAdded.length && !d.endpointsRemoved.length && !d.endpointsChanged.length)) return '';
  const op = (e: { method: string; pathTemplate: string }) => html`<code>${e.method.toUpperCase()} ${e.pathTemplate}</code>`;
  return html`<details><summary>Détail</summary><ul>
${d.endpointsAdded.map((e) => html`<li>Ajouté : ${op(e)}</li>`)}
${d.endpointsRemoved.map((e) => html`<li>Retiré : ${op(e)}</li>`)}
${d.endpointsChanged.map((e) => html`<li>Modifié : ${op(e)}${e.fieldsAdded.length ? html` — champs ajoutés : ${e.fieldsAdded.slice(0, 20).join(', ')}` : ''}${e.fieldsRemoved.length ? html` — champs retirés : ${e.fieldsRemoved.slice(0, 20).join(', ')}` : ''}${e.parametersChanged ? ' — paramètres modifiés' : ''}</li>`)}
</ul></details>`;
}

function versionsTable(versions: ApiVersion[]): SafeHtml {
  if (!versions.length) return html`<p>Aucune version importée.</p>`;
  const summary = (v: ApiVersion) =>
    v.diff
      ? `${v.diff.endpointsAdded.length} ajouté(s), ${v.diff.endpointsRemoved.length} retiré(s), ${v.diff.endpointsChanged.length} modifié(s)`
      : 'Première version';
  return html`<div class="fr-table"><table tabindex="0"><caption>Versions</caption><thead><tr><th scope="col">N°</th><th scope="col">Version</th><th scope="col">Importée le</th><th scope="col">Changements</th></tr></thead>
<tbody>${versions.map((v) => html`<tr><td>${v.seq}</td><td>${v.version}</td><td>${formatDate(v.importedAt)}</td><td>${summary(v)}${changes(v)}</td></tr>`)}</tbody></table></div>`;
}

/** The page of one API: description, producer, access conditions, endpoints, fields by scope, data elements, versions. */
export function renderApiPage(m: ApiPageModel): SafeHtml {
  const a = m.api;
  const elements = [...new Set(Object.values(m.fieldLinks))].map((id) => m.dataElements.get(id)).filter((d): d is DataElement => !!d);
  return layout({
    title: a.title,
    section: 'catalogue',
    user: m.user ? { name: m.user.name, logoutUrl: '/auth/logout' } : null,
    csrfToken: m.csrfToken,
    currentPath: m.currentPath,
    body: html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">
  <li><a class="fr-breadcrumb__link" href="/">Catalogue</a></li><li><a class="fr-breadcrumb__link" aria-current="page">${a.title}</a></li></ol></nav>
<h1>${a.title}</h1>
<ul class="fr-badges-group"><li><p class="fr-badge ${sensitivityBadge(a.sensitivity)}">${SENSITIVITY_LABELS[a.sensitivity]}</p></li><li><p class="fr-badge">${LIFECYCLE_LABELS[a.lifecycle]}</p></li></ul>
<p>Producteur : <strong>${m.producerName}</strong> (SIRET ${a.producerSiret})</p>
${a.lifecycle === 'deprecated' ? html`<div class="fr-alert fr-alert--warning fr-mb-3w"><h2 class="fr-alert__title">API dépréciée — fin de service le ${a.sunsetDate}</h2><p>${a.deprecationNotice}</p></div>` : ''}
<p>${a.description}</p>
${a.documentationUrl || a.contact ? html`<p>${a.documentationUrl ? html`<a class="fr-link" href="${a.documentationUrl}" rel="noopener">Documentation du producteur</a> ` : ''}${a.contact?.email ? html`Contact : <a class="fr-link" href="mailto:${a.contact.email}">${a.contact.name ?? a.contact.email}</a>` : ''}</p>` : ''}
<h2>Conditions d’accès</h2>
${conditions(a)}
${whoMayAskSection(a)}
${legalBasesSection(elements)}
${m.useCases?.length ? html`<h2>Cas d’usage</h2><p>Des démarches simplifiées grâce à cette API :</p><ul id="cas-usage-api">${m.useCases.map((u) => html`<li><a href="/guichet/cas-usage/${u.slug}">${u.title}</a></li>`)}</ul>` : ''}
${m.producerStatus ? producerStatusSection(m.producerStatus) : ''}
${m.gatewayUrl ? howToCallSection(a, m.endpoints, m.gatewayUrl) : ''}
<h2>Points d’accès</h2>
${endpointsTable(m.endpoints)}
<h2>Champs par périmètre</h2>
${scopesSection(m)}
<h2>Données du dictionnaire</h2>
${elements.length ? html`<ul>${elements.map((d) => html`<li><a href="/catalogue/donnees/${d.id}">${d.label}</a> — ${truncateWords(d.definition, 160)}</li>`)}</ul>` : html`<p>Aucun champ rattaché au dictionnaire.</p>`}
${m.statsBlock ?? ''}
<h2>Historique des versions</h2>
${versionsTable(m.versions)}
${m.canManage ? html`<p><a class="fr-btn fr-btn--secondary" id="lien-import" href="/catalogue/api/${a.slug}/import">Importer une nouvelle version</a></p>` : ''}
<p><a class="fr-link" href="/v1/catalog/apis/${a.slug}/openapi">Document OpenAPI (JSON)</a></p>`,
  });
}
