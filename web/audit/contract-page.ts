import { html, type SafeHtml } from '../html.js';
import type { AuditCase, ContractReviewItem, ContractUsage } from '../../audit/index.js';
import { caseKindLabel } from '../../audit/index.js';
import type { ContractEvent, ContractView } from '../../contracts/index.js';
import { ACTION_LABELS, ROLE_LABELS } from '../espace/labels.js';
import { CONTRACT_STATUS, formatDate, labelOf } from '../french/index.js';
import { auditPage, badge, when, type AuditUser } from './common.js';
import { SENSITIVITY_LABELS } from './contracts-page.js';
import { caseBadge } from './cases-page.js';

export interface AuditContractPageModel {
  user: AuditUser;
  contract: ContractView;
  review: ContractReviewItem & { usage: ContractUsage };
  history: ContractEvent[];
  artefacts: { version: number; jws: string }[];
  cases: AuditCase[];
  orgNames: Record<string, string>;
}

function terms(m: AuditContractPageModel): SafeHtml {
  const v = m.contract.versions.find((x) => x.version === m.contract.currentVersion);
  const g = v?.granted;
  const name = (s: string) => m.orgNames[s] ?? s;
  return html`<h2>Termes en vigueur</h2>${
    g
      ? html`<dl class="fr-mb-3w">
<dt>Finalité</dt><dd>${g.purpose}</dd>
<dt>Base légale</dt><dd>${g.legal_basis.nature}${g.legal_basis.url ? html` — <a href="${g.legal_basis.url}" rel="noopener">texte</a>` : ''}</dd>
<dt>Périmètres accordés</dt><dd>${g.scopes.map((s) => html`<code>${s}</code> `)}</dd>
<dt>Destinataires</dt><dd>${g.recipients.map(name).join(', ')}</dd>
<dt>Durée de conservation</dt><dd>${g.retention_months} mois</dd>
<dt>Validité</dt><dd>du ${when(g.valid_from)} ${g.valid_until ? html`au ${when(g.valid_until)}` : 'sans date de fin'}</dd>
</dl>`
      : html`<p>Aucune version validée.</p>`
  }`;
}

function versions(m: AuditContractPageModel): SafeHtml {
  return html`<h2>Versions et artefacts signés</h2>
<div class="fr-table"><table tabindex="0"><thead><tr><th>Version</th><th>Statut</th><th>Soumise</th><th>Décidée</th><th>Artefact (JWS ES256)</th></tr></thead>
<tbody>${m.contract.versions.map((v) => {
    const a = m.artefacts.find((x) => x.version === v.version);
    return html`<tr><td>${v.version}</td><td>${badge(v.status)}</td><td>${when(v.submittedAt)}</td><td>${when(v.decidedAt)}</td>
<td>${a ? html`<details><summary>Afficher</summary><textarea class="fr-input fr-text--xs" rows="6" readonly aria-label="Artefact JWS de la version ${v.version}">${a.jws}</textarea></details>` : '—'}</td></tr>`;
  })}</tbody></table></div>`;
}

function history(m: AuditContractPageModel): SafeHtml {
  return html`<h2>Historique des transitions</h2>
<div class="fr-table"><table tabindex="0"><thead><tr><th>Date</th><th>Action</th><th>De</th><th>Vers</th><th>Par</th><th>Motif</th></tr></thead>
<tbody>${m.history.map(
    (
      e,
    ) => html`<tr><td>${when(e.occurredAt)}</td><td>${ACTION_LABELS[e.action] ?? e.action}</td><td>${labelOf(CONTRACT_STATUS, e.from)}</td><td>${labelOf(CONTRACT_STATUS, e.to)}</td>
<td>${e.actor.name ?? e.actor.sub}${e.actor.role ? ` (${ROLE_LABELS[e.actor.role] ?? e.actor.role})` : ''}</td><td>${e.reason ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
}

function usage(u: ContractUsage): SafeHtml {
  return html`<h2>Usage sur 90 jours</h2>
<p>${u.calls} appel(s), ${u.served} servi(s), ${u.distinctSubjects} personne(s) ou entreprise(s) distincte(s) ; dernier appel : ${when(u.lastCall)}.</p>
<h3>Périmètres utilisés et accordés</h3>
<ul>${u.scopes.map((s) => html`<li>${s.label} (<code>${s.name}</code>) : ${s.used ? html`<span class="fr-badge fr-badge--sm fr-badge--success">utilisé</span>` : html`<span class="fr-badge fr-badge--sm fr-badge--warning">jamais utilisé</span>`}</li>`)}</ul>
<h3>Appels par jour</h3>
<div class="fr-table"><table tabindex="0"><thead><tr><th>Jour</th><th>Appels</th><th>Servis</th><th>Refusés</th><th>Échecs</th><th>Personnes distinctes</th></tr></thead>
<tbody>${u.days.map((d) => html`<tr><td>${formatDate(d.day)}</td><td>${d.calls}</td><td>${d.served}</td><td>${d.denied}</td><td>${d.failed}</td><td>${d.distinctSubjects}</td></tr>`)}</tbody></table></div>`;
}

/** `/audit/contrats/{id}`: one contract's terms, versions and artefacts, history, usage, cases. */
export function renderAuditContractPage(m: AuditContractPageModel): SafeHtml {
  const c = m.contract;
  const name = (s: string) => m.orgNames[s] ?? s;
  return auditPage({
    title: `Contrat ${m.review.apiTitle ?? c.apiSlug}`,
    user: m.user,
    tab: 'contrats',
    body: html`<p>${badge(c.status)} Consommateur : <strong>${name(c.consumerSiret)}</strong> — Producteur : <strong>${name(c.producerSiret)}</strong> — Sensibilité : ${SENSITIVITY_LABELS[m.review.sensitivity ?? ''] ?? '—'}</p>
<p class="fr-text--sm">Référence : <code>${c.id}</code></p>
${terms(m)}${versions(m)}${history(m)}${usage(m.review.usage)}
<h2>Cas</h2>${m.cases.length ? html`<ul>${m.cases.map((x) => html`<li><a href="/audit/cas/${x.id}">${caseKindLabel(x.kind)}</a> — ${caseBadge(x.status)} ${when(x.openedAt)}</li>`)}</ul>` : html`<p>Aucun cas.</p>`}`,
  });
}
