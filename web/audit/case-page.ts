import { html, type SafeHtml } from '../html.js';
import type { CaseDetail } from '../../audit/index.js';
import { caseKindLabel } from '../../audit/index.js';
import { auditPage, csrfField, errorAlert, when, type AuditUser, type PageError } from './common.js';
import { caseBadge } from './cases-page.js';
import { EVENT_TYPE, OUTCOME, ROLE, labelOf } from '../french/index.js';
import { renderCaseReports, type CaseReportLine } from './case-reports.js';

/** What the page shows of an evidence event (no personal data: the ledger holds none). */
export interface EvidenceLine {
  id: string;
  type: string;
  occurredAt: string;
  outcome: string;
  problemCode: string | null;
  recipient: string | null;
  endpoint: string | null;
}

export interface CasePageModel {
  user: AuditUser;
  case: CaseDetail;
  /** The first evidence events, read from the ledger (the others are listed by id). */
  evidence: EvidenceLine[];
  orgNames: Record<string, string>;
  /** The citizens' reports the case instructs (messages opened for the auditor). */
  reports: readonly CaseReportLine[];
  /** A confirmation shown at the top (after an answer to a report). */
  notice?: string | null;
  error?: PageError;
}

const HISTORY: Record<string, string> = {
  open: 'Ouverture',
  evidence: 'Nouvelles preuves',
  investigate: 'Instruction',
  close: 'Clôture',
  reopen: 'Réouverture',
};

function statusForm(m: CasePageModel): SafeHtml | string {
  const c = m.case;
  if (c.status === 'closed')
    return html`<div class="fr-callout"><h2 class="fr-callout__title">Conclusion</h2><p class="fr-callout__text">${c.conclusion}</p></div>`;
  return html`<form method="post" action="/audit/cas/${c.id}/statut" class="fr-mt-3w" id="statut">${csrfField(m.user.csrfToken)}
<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Instruire ce cas</legend>
<div class="fr-input-group"><label class="fr-label" for="conclusion">Conclusion (obligatoire pour clore) ou note</label><textarea class="fr-input" id="conclusion" name="conclusion" rows="4" maxlength="4000"></textarea></div>
<ul class="fr-btns-group fr-btns-group--inline">
${c.status === 'open' ? html`<li><button class="fr-btn fr-btn--secondary" name="status" value="investigating" type="submit">Passer en instruction</button></li>` : ''}
<li><button class="fr-btn" name="status" value="closed" type="submit">Clore avec cette conclusion</button></li></ul></fieldset></form>`;
}

/** `/audit/cas/{id}`: a case, its evidence (ledger events, each with its evidence bundle), history and notifications. */
export function renderAuditCasePage(m: CasePageModel): SafeHtml {
  const c = m.case;
  return auditPage({
    title: caseKindLabel(c.kind),
    user: m.user,
    tab: 'cas',
    body: html`${errorAlert(m.error)}${m.notice ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${m.notice}</p></div>` : ''}<p>${caseBadge(c.status)} ouvert le ${when(c.openedAt)} — ${c.source === 'citizen' ? 'signalement d’un usager' : 'règle automatique'}</p>
<p id="resume">${c.summary}</p>
<dl>${c.contractId ? html`<dt>Contrat</dt><dd><a href="/audit/contrats/${c.contractId}">${c.contractId}</a></dd>` : ''}
${c.consumerSiret ? html`<dt>Consommateur</dt><dd>${m.orgNames[c.consumerSiret] ?? c.consumerSiret}</dd>` : ''}</dl>
<h2>Preuves (${c.evidence.length} événement(s) du journal)</h2>
<div class="fr-table" id="preuves"><table tabindex="0"><thead><tr><th>Événement</th><th>Type</th><th>Date</th><th>Issue</th><th>Destinataire</th><th>Preuve vérifiable hors ligne</th></tr></thead>
<tbody>${c.evidence.map((id) => {
      const e = m.evidence.find((x) => x.id === id);
      return html`<tr><td><code>${id}</code></td><td>${e ? html`${labelOf(EVENT_TYPE, e.type)} <code>${e.type}</code>` : ''}${e?.endpoint ? html` <span class="fr-text--xs">${e.endpoint}</span>` : ''}</td><td>${e ? when(e.occurredAt) : ''}</td>
<td>${e ? html`${labelOf(OUTCOME, e.outcome)}${e.problemCode ? html` <code>${e.problemCode}</code>` : ''}` : ''}</td><td>${e?.recipient ?? ''}</td>
<td><a class="fr-link fr-icon-download-line fr-link--icon-left" download href="/v1/audit/ledger/events/${id}/evidence" data-evidence="${id}">Télécharger la preuve</a></td></tr>`;
    })}</tbody></table></div>
${c.source === 'citizen' || m.reports.length ? renderCaseReports(c.id, m.reports, m.user.csrfToken) : ''}
${statusForm(m)}
<h2>Historique</h2><ul>${c.history.map((h) => html`<li>${when(h.occurredAt)} — ${HISTORY[h.action] ?? h.action} par ${h.actor.name ?? h.actor.sub}${h.added && h.action === 'evidence' ? ` (+${h.added} preuve(s))` : ''}${h.note ? html` : « ${h.note} »` : ''}</li>`)}</ul>
<h2>Notifications</h2>${c.notifications.length ? html`<ul>${c.notifications.map((n) => html`<li>${n.email} (${labelOf(ROLE, n.role)}) — ${n.sentAt ? `envoyée le ${when(n.sentAt)}` : 'en attente d’envoi'}</li>`)}</ul>` : html`<p>Aucune notification (pas de contrat associé).</p>`}`,
  });
}
