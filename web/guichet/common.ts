import { html, type SafeHtml } from '../html.js';

/** Who is looking at a counter page (null: an anonymous visitor). */
export interface GuichetUser {
  name: string;
  csrfToken?: string;
}

export function userOf(u: GuichetUser | null | undefined): { name: string; logoutUrl: string } | null {
  return u ? { name: u.name, logoutUrl: '/auth/logout' } : null;
}

export function csrf(u: GuichetUser | null | undefined): SafeHtml | string {
  return u?.csrfToken ? html`<input type="hidden" name="_csrf" value="${u.csrfToken}">` : '';
}

/** The counter's breadcrumb: « Guichet » then the given steps (the last one is the current page). */
export function breadcrumb(steps: { label: string; href?: string }[]): SafeHtml {
  return html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">
<li><a class="fr-breadcrumb__link" href="/guichet">Guichet</a></li>${steps.map((s, i) =>
    i === steps.length - 1
      ? html`<li><a class="fr-breadcrumb__link" aria-current="page">${s.label}</a></li>`
      : html`<li><a class="fr-breadcrumb__link" href="${s.href ?? '#'}">${s.label}</a></li>`,
  )}</ol></nav>`;
}

/** A problem shown above a form (RFC 9457 document rendered for people). */
export interface GuichetError {
  title: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export function errorBox(e: GuichetError | undefined): SafeHtml | string {
  if (!e) return '';
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreur"><h2 class="fr-alert__title">${e.title}</h2>
${e.errors?.length ? html`<ul>${e.errors.map((x) => html`<li>${x.detail}</li>`)}</ul>` : e.detail ? html`<p>${e.detail}</p>` : ''}</div>`;
}

/** Fixed success messages after a form (the redirect carries the code, never text). */
export const GUICHET_NOTICES: Record<string, string> = {
  besoin: 'Votre besoin a été enregistré. Il sera publié après relecture par l’opérateur de la plateforme.',
  soutien: 'Le soutien de votre organisation a été enregistré.',
  reponse: 'Votre réponse a été publiée. L’administration qui a déclaré le besoin en est informée.',
  cas: 'Votre cas d’usage a été enregistré. Il sera publié après relecture par l’opérateur de la plateforme.',
  modere: 'Votre décision de modération a été enregistrée.',
};

export function noticeBox(code: string | undefined): SafeHtml | string {
  const text = code ? GUICHET_NOTICES[code] : undefined;
  return text ? html`<div class="fr-alert fr-alert--success fr-mb-3w" role="status"><p>${text}</p></div>` : '';
}

const MODERATION: Record<string, { label: string; badge: string }> = {
  submitted: { label: 'En attente de relecture', badge: 'fr-badge--new' },
  published: { label: 'Publié', badge: 'fr-badge--success' },
  rejected: { label: 'Refusé à la relecture', badge: 'fr-badge--error' },
};

export function moderationBadge(status: string): SafeHtml {
  const s = MODERATION[status] ?? { label: 'État inconnu', badge: '' };
  return html`<p class="fr-badge fr-badge--sm ${s.badge}">${s.label}</p>`;
}

const ANSWER: Record<string, { label: string; badge: string }> = {
  open: { label: 'En attente de réponse', badge: 'fr-badge--info' },
  available: { label: 'Données disponibles', badge: 'fr-badge--success' },
  planned: { label: 'Prévu', badge: 'fr-badge--warning' },
  not_possible: { label: 'Pas possible', badge: 'fr-badge--error' },
};

export function answerBadge(kind: string | null | undefined): SafeHtml {
  const s = ANSWER[kind ?? 'open'] ?? { label: 'État inconnu', badge: '' };
  return html`<p class="fr-badge fr-badge--sm ${s.badge}" data-answer="${kind ?? 'open'}">${s.label}</p>`;
}

/** An organisation's display name. */
export function orgName(names: Record<string, string>, siret: string | null | undefined): string {
  if (!siret) return 'l’opérateur de la plateforme';
  return names[siret] ?? siret;
}
