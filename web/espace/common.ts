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

export function errorAlert(e: PageError | undefined): SafeHtml | string {
  if (!e) return '';
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${e.title}</h2>
${e.detail ? html`<p>${e.detail}</p>` : ''}
${e.errors?.length ? html`<ul>${e.errors.map((x) => html`<li><code>${x.pointer}</code> : ${x.detail}</li>`)}</ul>` : ''}</div>`;
}
