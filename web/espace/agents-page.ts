import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { csrfField, errorAlert, type EspaceUser, type PageError } from './common.js';
import { frenchDateTime, ROLE_LABELS } from './labels.js';

const ROLES = ['applicant', 'instructor', 'dpo', 'admin'] as const;

/** One agent of the organisation as the page shows it. */
export interface AgentRowView {
  id: string;
  name: string | null;
  email: string | null;
  roles: string[];
  status: 'active' | 'invited' | 'expired';
  since: string;
  expiresAt: string | null;
  self: boolean;
}

export interface AgentHistoryView {
  at: string;
  action: string;
  actor: string;
  agent: string;
  rolesBefore: string[];
  rolesAfter: string[];
}

export interface AgentsPageData {
  user: EspaceUser;
  organisation: { siret: string; name: string };
  agents: AgentRowView[];
  history: AgentHistoryView[];
  error?: PageError;
  /** Success notice code after a form (`?info=`). */
  notice?: string;
}

/** Fixed success messages of this page (Post/Redirect/Get: the redirect carries the code). */
export const AGENT_NOTICES: Record<string, string> = {
  invite:
    'L’invitation a été envoyée. Les rôles s’appliqueront à la première connexion de l’agent avec ProConnect, avec cette adresse et pour cette organisation.',
  roles: 'Les rôles ont été enregistrés. Ils s’appliquent dès la prochaine action de l’agent.',
  retire: 'L’agent a été retiré de l’organisation.',
};

const ACTIONS: Record<string, string> = {
  invited: 'Invitation',
  invitation_accepted: 'Invitation acceptée (première connexion)',
  roles_changed: 'Rôles modifiés',
  removed: 'Retrait',
  admin_appointed: 'Administrateur désigné',
};

const STATUS: Record<AgentRowView['status'], { label: string; badge: string }> = {
  active: { label: 'Actif', badge: 'fr-badge--success' },
  invited: { label: 'Invité', badge: 'fr-badge--info' },
  expired: { label: 'Invitation expirée', badge: 'fr-badge--warning' },
};

function roleList(roles: string[]): string {
  return roles.length ? roles.map((r) => ROLE_LABELS[r] ?? r).join(', ') : '—';
}

function who(a: AgentRowView): string {
  return a.name && a.email ? `${a.name} (${a.email})` : (a.name ?? a.email ?? `agent n° ${a.id}`);
}

function rolesForm(base: string, a: AgentRowView, csrf: string | undefined): SafeHtml {
  return html`<form method="post" action="${base}/${a.id}/roles" data-agent-roles="${a.id}">${csrfField(csrf)}
<fieldset class="fr-fieldset fr-mb-0" aria-label="Rôles de ${who(a)}">${ROLES.map(
    (r) => html`<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm">
<input type="checkbox" id="role-${a.id}-${r}" name="roles" value="${r}"${a.roles.includes(r) ? html` checked` : ''}>
<label class="fr-label" for="role-${a.id}-${r}">${ROLE_LABELS[r] ?? r}</label></div></div>`,
  )}</fieldset>
<button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">Enregistrer les rôles<span class="fr-sr-only"> de ${who(a)}</span></button></form>`;
}

function agentsTable(base: string, d: AgentsPageData): SafeHtml {
  if (d.agents.length === 0) return html`<p>Aucun agent.</p>`;
  return html`<div class="fr-table"><table tabindex="0">
<caption class="fr-sr-only">Agents de l’organisation</caption>
<thead><tr><th scope="col">Agent</th><th scope="col">Statut</th><th scope="col">Rôles</th><th scope="col">Retirer</th></tr></thead>
<tbody>${d.agents.map((a) => {
    const s = STATUS[a.status];
    return html`<tr data-agent="${a.id}" data-email="${a.email ?? ''}">
<td>${who(a)}${a.self ? html` <span class="fr-text--sm">(vous)</span>` : ''}</td>
<td><p class="fr-badge fr-badge--sm ${s.badge}">${s.label}</p>${a.status === 'invited' && a.expiresAt ? html`<p class="fr-text--xs fr-mb-0">jusqu’au ${frenchDateTime(a.expiresAt)}</p>` : ''}</td>
<td>${rolesForm(base, a, d.user.csrfToken)}</td>
<td><form method="post" action="${base}/${a.id}/retirer">${csrfField(d.user.csrfToken)}<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">${a.status === 'active' ? 'Retirer' : 'Annuler l’invitation'}<span class="fr-sr-only"> : ${who(a)}</span></button></form></td>
</tr>`;
  })}</tbody></table></div>`;
}

function historyTable(items: AgentHistoryView[]): SafeHtml {
  if (items.length === 0) return html`<p>Aucune modification enregistrée.</p>`;
  return html`<div class="fr-table"><table tabindex="0">
<caption class="fr-sr-only">Historique des agents et des rôles</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Par</th><th scope="col">Agent</th><th scope="col">Rôles avant</th><th scope="col">Rôles après</th></tr></thead>
<tbody>${items.map(
    (h) =>
      html`<tr data-action="${h.action}"><td>${frenchDateTime(h.at)}</td><td>${ACTIONS[h.action] ?? h.action}</td><td>${h.actor}</td><td>${h.agent}</td><td>${roleList(h.rolesBefore)}</td><td>${roleList(h.rolesAfter)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** `/espace/organisations/{siret}/agents`: the organisation's agents, an invitation form, the history. */
export function renderAgentsPage(d: AgentsPageData): SafeHtml {
  const base = `/espace/organisations/${d.organisation.siret}/agents`;
  const notice = d.notice ? AGENT_NOTICES[d.notice] : undefined;
  return layout({
    title: `Agents — ${d.organisation.name}`,
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    body: html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">
<li><a class="fr-breadcrumb__link" href="/espace">Espace administrations</a></li>
<li><a class="fr-breadcrumb__link" aria-current="page">Agents</a></li></ol></nav>
<h1>Agents de ${d.organisation.name}</h1>
<p>SIRET ${d.organisation.siret}. Vous êtes administrateur de cette organisation : vous invitez ses agents, leur attribuez des rôles et les retirez. Chaque modification est inscrite au journal.</p>
${notice ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${notice}</p></div>` : ''}
${errorAlert(d.error)}
<section class="fr-mb-6w" aria-labelledby="liste"><h2 id="liste">Agents et rôles</h2>${agentsTable(base, d)}</section>
<section class="fr-mb-6w" aria-labelledby="inviter"><h2 id="inviter">Inviter un agent</h2>
<p>L’agent recevra un courriel. Ses rôles s’appliqueront à sa première connexion avec ProConnect, avec cette adresse et pour cette organisation.</p>
<form method="post" action="${base}">${csrfField(d.user.csrfToken)}
<div class="fr-input-group"><label class="fr-label" for="email">Adresse électronique professionnelle</label>
<input class="fr-input" type="email" id="email" name="email" autocomplete="off" required maxlength="254"></div>
<fieldset class="fr-fieldset" id="roles-invitation" aria-labelledby="roles-invitation-legend"><legend class="fr-fieldset__legend" id="roles-invitation-legend">Rôles</legend>
${ROLES.map(
  (
    r,
  ) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="invite-${r}" name="roles" value="${r}">
<label class="fr-label" for="invite-${r}">${ROLE_LABELS[r] ?? r}</label></div></div>`,
)}</fieldset>
<button class="fr-btn" type="submit" id="envoyer-invitation">Envoyer l’invitation</button></form></section>
<section aria-labelledby="historique"><h2 id="historique">Historique</h2>${historyTable(d.history)}</section>`,
  });
}

/** `/espace/agents`: the organisations where the agent is an administrator. */
export function renderAgentsHome(d: { user: EspaceUser; organisations: { siret: string; name: string }[] }): SafeHtml {
  return layout({
    title: 'Agents de mes organisations',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    body: html`<h1>Agents de mes organisations</h1>
<ul>${d.organisations.map((o) => html`<li><a href="/espace/organisations/${o.siret}/agents">${o.name} (${o.siret})</a></li>`)}</ul>`,
  });
}
