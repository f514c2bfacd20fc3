import { html, type SafeHtml } from '../html.js';
import { STATUS_LABELS } from './labels.js';

/** What every administration-space page receives. */
export interface EspaceUser {
  name: string;
  csrfToken?: string;
}

export function badge(status: string): SafeHtml {
  const s = STATUS_LABELS[status] ?? { label: status, badge: '' };
  return html`<p class="fr-badge fr-badge--sm ${s.badge}" data-status="${status}">${s.label}</p>`;
}

/** Hidden CSRF field of every form (synchronizer token of the session). */
export function csrfField(token: string | undefined): SafeHtml | string {
  return token ? html`<input type="hidden" name="_csrf" value="${token}">` : '';
}

/** A problem shown above a form (RFC 9457 document rendered for people). */
export interface PageError {
  title: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

/** A problem above a page: its title, then either each error (French message) or the detail, never both (they repeat). */
export function errorAlert(e: PageError | undefined): SafeHtml | string {
  if (!e) return '';
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${e.title}</h2>
${e.errors?.length ? html`<ul>${e.errors.map((x) => html`<li>${x.detail}</li>`)}</ul>` : e.detail ? html`<p>${e.detail}</p>` : ''}</div>`;
}

/** Fixed success messages after a form (Post/Redirect/Get: the redirect carries the code, never text). */
export const NOTICES: Record<string, string> = {
  cree: 'Votre demande a été créée. Complétez-la puis soumettez-la à l’instruction.',
  enregistre: 'Votre brouillon a été enregistré.',
  soumis: 'Votre demande a été soumise au producteur. Vous serez informé de sa décision.',
  decision: 'Votre décision a été enregistrée.',
  renouvele: 'Un nouveau secret a été délivré. L’ancien reste valable pendant la période de transition indiquée.',
  revoque: 'Les identifiants ont été révoqués : ils ne permettent plus d’obtenir de jeton.',
};

/** The success notice of a code (unknown codes show nothing). */
export function noticeAlert(code: string | undefined): SafeHtml | string {
  const text = code ? NOTICES[code] : undefined;
  return text ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${text}</p></div>` : '';
}
