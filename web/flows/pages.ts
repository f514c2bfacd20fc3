/**
 * Pages of the flows (French, DSFR): an instructing administration's inbox and dossier (with
 * downloads, acknowledgement and the status form), the person's « Mes démarches », and the
 * operator's view. Pure functions of their view models.
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDateTime, formatNumber } from '../french/dates.js';

export type FlowStatus = 'received' | 'in_progress' | 'info_requested' | 'accepted' | 'rejected' | 'closed';

export const FLOW_STATUS_LABELS: Record<FlowStatus, { label: string; badge: string }> = {
  received: { label: 'Reçu', badge: 'fr-badge--info' },
  in_progress: { label: 'En cours d’instruction', badge: 'fr-badge--new' },
  info_requested: { label: 'Informations demandées', badge: 'fr-badge--warning' },
  accepted: { label: 'Accepté', badge: 'fr-badge--success' },
  rejected: { label: 'Refusé', badge: 'fr-badge--error' },
  closed: { label: 'Clos', badge: '' },
};

export interface FlowsUser {
  name: string;
  csrfToken?: string;
}

function statusBadge(s: FlowStatus | null): SafeHtml {
  if (!s) return html`<p class="fr-badge fr-badge--sm">Déposé</p>`;
  const l = FLOW_STATUS_LABELS[s];
  return html`<p class="fr-badge fr-badge--sm ${l.badge}" data-status="${s}">${l.label}</p>`;
}

function csrf(token: string | undefined): SafeHtml | string {
  return token ? html`<input type="hidden" name="_csrf" value="${token}">` : '';
}

function page(title: string, section: 'espace' | 'moi' | 'audit', user: FlowsUser, currentPath: string, body: SafeHtml): SafeHtml {
  return layout({ title, section, user: { name: user.name, logoutUrl: '/auth/logout' }, csrfToken: user.csrfToken, currentPath, body });
}

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} Kio`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} Mio`;
}

const NOTICES: Record<string, string> = {
  acquitte: 'Réception du dossier confirmée : il ne reviendra plus dans la boîte de réception.',
  statut: 'Le statut a été publié. La personne et le guichet de dépôt en sont informés.',
};

function notice(code: string | undefined): SafeHtml | string {
  const text = code ? NOTICES[code] : undefined;
  return text ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status"><p>${text}</p></div>` : '';
}

function errorBox(e: { title: string; detail?: string } | undefined): SafeHtml | string {
  return e
    ? html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${e.title}</h2>${e.detail ? html`<p>${e.detail}</p>` : ''}</div>`
    : '';
}

export interface InboxItem {
  id: string;
  procedureTitle: string;
  communeCode: string;
  depositedAt: Date;
  deliveryCount: number;
  status: FlowStatus | null;
}

export interface FlowsInboxModel {
  user: FlowsUser;
  organisation: { siret: string; name: string };
  /** Query string keeping the organisation (`?organisation=…`), empty when implied. */
  orgQuery: string;
  items: InboxItem[];
  nextCursor: string | null;
  notice?: string;
}

/** `/espace/demarches`: the dossiers waiting for the administration. */
export function renderFlowsInboxPage(m: FlowsInboxModel): SafeHtml {
  const amp = m.orgQuery ? `${m.orgQuery}&` : '?';
  const body = html`<h1>Dossiers reçus — ${m.organisation.name}</h1>
${notice(m.notice)}
<p>Les dossiers déposés pour votre territoire et pas encore réceptionnés. Ouvrez un dossier pour le récupérer, puis confirmez sa réception : un dossier ouvert mais non confirmé revient dans cette liste après quelques minutes.</p>
${
  m.items.length === 0
    ? html`<p id="boite-vide">Aucun dossier en attente.</p>`
    : html`<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>${m.items.length} dossier(s) en attente</caption>
<thead><tr><th scope="col">Démarche</th><th scope="col">Commune (code INSEE)</th><th scope="col">Déposé le</th><th scope="col">Statut</th><th scope="col">Dossier</th></tr></thead>
<tbody>${m.items.map(
        (
          d,
        ) => html`<tr><td>${d.procedureTitle}</td><td>${d.communeCode}</td><td>${formatDateTime(d.depositedAt)}</td><td>${statusBadge(d.status)}</td>
<td><a class="fr-link" href="/espace/demarches/dossiers/${d.id}${m.orgQuery}">Ouvrir le dossier</a></td></tr>`,
      )}</tbody></table></div>`
}
${m.nextCursor ? html`<p><a class="fr-link" href="/espace/demarches${amp}cursor=${m.nextCursor}">Dossiers suivants</a></p>` : ''}`;
  return page('Dossiers reçus', 'espace', m.user, '/espace/demarches', body);
}

export interface FlowsDossierModel {
  user: FlowsUser;
  orgQuery: string;
  procedureTitle: string;
  dossier: {
    id: string;
    communeCode: string;
    depositedAt: Date;
    ackedAt: Date | null;
    status: FlowStatus | null;
    applicantLabel: string;
    form: Record<string, unknown> | null;
    attachments: { n: number; filename: string; mediaType: string; size: number; sha256: string; purged: boolean }[];
  };
  /** Statuses the administration may post now. */
  nextStatuses: FlowStatus[];
  notice?: string;
  error?: { title: string; detail?: string };
}

function formValue(v: unknown): SafeHtml | string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return html`<ul>${v.map((x) => html`<li>${formValue(x)}</li>`)}</ul>`;
  if (typeof v === 'object')
    return html`<ul>${Object.entries(v as Record<string, unknown>).map(([k, x]) => html`<li>${k} : ${formValue(x)}</li>`)}</ul>`;
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  return String(v);
}

/** `/espace/demarches/dossiers/{id}`: the dossier, its attachments, acknowledgement and status form. */
export function renderFlowsDossierPage(m: FlowsDossierModel): SafeHtml {
  const d = m.dossier;
  const base = `/espace/demarches/dossiers/${d.id}`;
  const body = html`<p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/espace/demarches${m.orgQuery}">Dossiers reçus</a></p>
<h1>${m.procedureTitle}</h1>
${notice(m.notice)}${errorBox(m.error)}
<p>Dossier <code>${d.id}</code>, déposé le ${formatDateTime(d.depositedAt)} pour la commune ${d.communeCode}. ${statusBadge(d.status)}</p>
<h2>Demandeur</h2><p id="demandeur">${d.applicantLabel}</p>
<h2>Formulaire</h2>
${d.form ? html`<dl id="formulaire">${Object.entries(d.form).map(([k, v]) => html`<dt><strong>${k}</strong></dt><dd>${formValue(v)}</dd>`)}</dl>` : html`<p>Contenu purgé (durée de conservation écoulée).</p>`}
<h2>Pièces jointes</h2>
${
  d.attachments.length === 0
    ? html`<p>Aucune pièce jointe.</p>`
    : html`<ul id="pieces">${d.attachments.map(
        (
          a,
        ) => html`<li>${a.purged ? html`${a.filename} (purgée)` : html`<a class="fr-link fr-link--download" download href="/v1/flows/dossiers/${d.id}/attachments/${a.n}${m.orgQuery}">${a.filename} <span class="fr-link__detail">${a.mediaType} – ${sizeLabel(a.size)}</span></a>`}
<br><small>Empreinte SHA-256 : <code>${a.sha256}</code></small></li>`,
      )}</ul>`
}
<h2>Réception</h2>
${
  d.ackedAt
    ? html`<p id="acquitte">Réception confirmée le ${formatDateTime(d.ackedAt)}.</p>`
    : html`<form method="post" action="${base}/accuser-reception${m.orgQuery}">${csrf(m.user.csrfToken)}
<p>Confirmez la réception une fois le dossier enregistré dans votre outil : il ne reviendra plus dans la boîte de réception.</p>
<button class="fr-btn" type="submit">Confirmer la réception</button></form>`
}
<h2>Statut communiqué à la personne</h2>
${
  m.nextStatuses.length === 0
    ? html`<p>Dossier clos : plus aucun statut ne peut être publié.</p>`
    : html`<form method="post" action="${base}/statut${m.orgQuery}" id="formulaire-statut">${csrf(m.user.csrfToken)}
<div class="fr-select-group"><label class="fr-label" for="statut">Nouveau statut <span class="fr-hint-text">La personne le voit dans son espace « Mes démarches ».</span></label>
<select class="fr-select" id="statut" name="status" required>${m.nextStatuses.map((s) => html`<option value="${s}">${FLOW_STATUS_LABELS[s].label}</option>`)}</select></div>
<div class="fr-input-group"><label class="fr-label" for="message">Message pour la personne (facultatif) <span class="fr-hint-text">2 000 caractères au plus.</span></label>
<textarea class="fr-input" id="message" name="message" maxlength="2000" rows="4"></textarea></div>
<button class="fr-btn" type="submit">Publier le statut</button></form>`
}`;
  return page(m.procedureTitle, 'espace', m.user, base, body);
}

export interface MesDemarchesModel {
  user: FlowsUser;
  dossiers: {
    id: string;
    procedureTitle: string;
    administration: string;
    depositedAt: Date;
    status: FlowStatus | null;
    statuses: { status: FlowStatus; message: string | null; at: Date }[];
  }[];
}

/** `/moi/demarches`: the person's dossiers, the administration that received each, and its statuses. */
export function renderMesDemarchesPage(m: MesDemarchesModel): SafeHtml {
  const body = html`<h1>Mes démarches</h1>
<p>Les démarches que vous avez faites en ligne, l’administration qui instruit chacune et où elle en est. Chaque étape est inscrite dans le journal des échanges.</p>
${
  m.dossiers.length === 0
    ? html`<p id="aucune-demarche">Aucune démarche pour le moment.</p>`
    : m.dossiers.map(
        (d) => html`<section class="fr-card fr-mb-3w fr-p-3w" data-dossier="${d.id}">
<h2 class="fr-h4">${d.procedureTitle} ${statusBadge(d.status)}</h2>
<p>Déposée le ${formatDateTime(d.depositedAt)}, transmise à <strong>${d.administration}</strong>.</p>
${d.statuses.length === 0 ? html`<p>En attente de prise en charge.</p>` : html`<ol class="dp-statuts">${d.statuses.map((s) => html`<li><strong>${FLOW_STATUS_LABELS[s.status].label}</strong> — ${formatDateTime(s.at)}${s.message ? html`<br><span class="dp-message">${s.message}</span>` : ''}</li>`)}</ol>`}
</section>`,
      )
}
<p><a class="fr-link" href="/moi">Qui a consulté mes données ?</a></p>`;
  return page('Mes démarches', 'moi', m.user, '/moi/demarches', body);
}

export interface FlowsOperatorModel {
  user: FlowsUser;
  procedures: { code: string; title: string; routingLevel: string; status: string; retentionDays: number }[];
  subscriptions: {
    id: string;
    procedureCode: string;
    subscriberName: string;
    subscriberSiret: string;
    territories: { level: string; code: string }[];
    delivery: string;
    status: string;
  }[];
  deadLetters: { dossierId: string; webhookUrl: string; attempts: number; lastError: string | null; createdAt: Date }[];
  lag: {
    subscriberSiret: string;
    subscriberName: string;
    pending: number;
    oldestPendingAt: Date | null;
    delivered: number;
    p50Ms: number | null;
    p95Ms: number | null;
  }[];
}

const SUBSCRIPTION_STATUS: Record<string, string> = {
  pending: 'En attente d’approbation',
  active: 'Actif',
  suspended: 'Suspendu',
  revoked: 'Révoqué',
};
const LEVELS: Record<string, string> = { commune: 'commune', departement: 'département', region: 'région', national: 'national' };

function ms(v: number | null): string {
  return v === null ? '—' : v < 1000 ? `${formatNumber(v)} ms` : `${formatNumber(v / 1000, 1)} s`;
}

/** `/audit/demarches`: procedures, subscriptions, dead letters and delivery lag per subscriber. */
export function renderFlowsOperatorPage(m: FlowsOperatorModel): SafeHtml {
  const body = html`<h1>Acheminement des démarches</h1>
<h2>Démarches</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>${m.procedures.length} démarche(s)</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Intitulé</th><th scope="col">Acheminement</th><th scope="col">Conservation</th><th scope="col">État</th></tr></thead>
<tbody>${m.procedures.map((p) => html`<tr><td><code>${p.code}</code></td><td>${p.title}</td><td>${LEVELS[p.routingLevel] ?? p.routingLevel}</td><td>${p.retentionDays} jours</td><td>${p.status === 'active' ? 'Active' : 'Retirée'}</td></tr>`)}</tbody></table></div>
<h2>Abonnements</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>${m.subscriptions.length} abonnement(s)</caption>
<thead><tr><th scope="col">Démarche</th><th scope="col">Administration</th><th scope="col">Territoires</th><th scope="col">Remise</th><th scope="col">État</th></tr></thead>
<tbody>${m.subscriptions.map((s) => html`<tr><td><code>${s.procedureCode}</code></td><td>${s.subscriberName}</td><td>${s.territories.map((t) => `${LEVELS[t.level] ?? t.level} ${t.code}`).join(', ')}</td><td>${s.delivery === 'push' ? 'Webhook' : 'Récupération'}</td><td>${SUBSCRIPTION_STATUS[s.status] ?? s.status}</td></tr>`)}</tbody></table></div>
<h2>Envois abandonnés</h2>
${
  m.deadLetters.length === 0
    ? html`<p>Aucun envoi abandonné.</p>`
    : html`<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>${m.deadLetters.length} envoi(s) abandonné(s)</caption>
<thead><tr><th scope="col">Dossier</th><th scope="col">Adresse</th><th scope="col">Tentatives</th><th scope="col">Dernière erreur</th></tr></thead>
<tbody>${m.deadLetters.map((d) => html`<tr><td><code>${d.dossierId}</code></td><td>${d.webhookUrl}</td><td>${d.attempts}</td><td>${d.lastError ?? ''}</td></tr>`)}</tbody></table></div>`
}
<h2>Délai de remise</h2>
<div class="fr-table fr-table--bordered"><table tabindex="0"><caption>Par administration instructrice, sur sept jours</caption>
<thead><tr><th scope="col">Administration</th><th scope="col">En attente</th><th scope="col">Plus ancien en attente</th><th scope="col">Remis</th><th scope="col">Médiane</th><th scope="col">95e centile</th></tr></thead>
<tbody>${m.lag.map((l) => html`<tr><td>${l.subscriberName}</td><td>${l.pending}</td><td>${l.oldestPendingAt ? formatDateTime(l.oldestPendingAt) : '—'}</td><td>${l.delivered}</td><td>${ms(l.p50Ms)}</td><td>${ms(l.p95Ms)}</td></tr>`)}</tbody></table></div>`;
  return page('Acheminement des démarches', 'audit', m.user, '/audit/demarches', body);
}
