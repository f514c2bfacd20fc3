/**
 * Form fields in the DSFR's error states, with the problem's French messages attached to the
 * field they concern (RFC 9457 `errors[].pointer`), a summary at the top linking to each field,
 * and the DSFR convention for mandatory fields: the form says « Sauf mention contraire, tous les
 * champs sont obligatoires » and optional fields say « (facultatif) ».
 */
import { html, type SafeHtml } from '../html.js';

export interface FieldError {
  pointer: string;
  detail: string;
}

/** A field of a form, by the JSON pointer of the value it fills. */
export interface FieldSpec {
  pointer: string;
  /** The `id` of the control (or, for a group, of its fieldset). */
  id: string;
  label: string;
}

/** The errors of each field: an error goes to the field whose pointer is its longest prefix. */
export function errorsByField(
  errors: readonly FieldError[] | undefined,
  fields: readonly FieldSpec[],
): { byId: Map<string, string[]>; unplaced: FieldError[] } {
  const byId = new Map<string, string[]>();
  const unplaced: FieldError[] = [];
  for (const e of errors ?? []) {
    const owner = fields
      .filter((f) => e.pointer === f.pointer || e.pointer.startsWith(`${f.pointer}/`))
      .sort((a, b) => b.pointer.length - a.pointer.length)[0];
    if (!owner) {
      unplaced.push(e);
      continue;
    }
    const list = byId.get(owner.id) ?? [];
    if (!list.includes(e.detail)) list.push(e.detail);
    byId.set(owner.id, list);
  }
  return { byId, unplaced };
}

/** The summary at the top of a form: each error, linked to its field. `role="alert"` reads it out after the post. */
export function errorSummary(title: string, errors: readonly FieldError[] | undefined, fields: readonly FieldSpec[]): SafeHtml | string {
  if (!errors?.length) return '';
  const { byId, unplaced } = errorsByField(errors, fields);
  const placed = fields.filter((f) => byId.has(f.id));
  const count = placed.reduce((n, f) => n + byId.get(f.id)!.length, 0) + unplaced.length;
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="resume-erreurs"><h2 class="fr-alert__title">${title}</h2>
<p>${count === 1 ? 'Une erreur est à corriger :' : `${count} erreurs sont à corriger :`}</p>
<ul>${placed.map((f) => html`<li><a href="#${f.id}">${f.label}</a> : ${byId.get(f.id)!.join(' ; ')}</li>`)}${unplaced.map((e) => html`<li>${e.detail}</li>`)}</ul></div>`;
}

/** The form's notice of the mandatory-field convention. */
export function mandatoryNotice(): SafeHtml {
  return html`<p class="fr-hint-text" id="mention-obligatoire">Sauf mention contraire « (facultatif) », tous les champs sont obligatoires.</p>`;
}

export interface InputOptions {
  id: string;
  name: string;
  label: string;
  value?: unknown;
  hint?: string;
  type?: string;
  optional?: boolean;
  /** Renders a `<textarea>` of that many rows. */
  rows?: number;
  errors?: string[];
  autocomplete?: string;
}

function labelText(o: { label: string; optional?: boolean }): string {
  return o.optional ? `${o.label} (facultatif)` : o.label;
}

function errorText(id: string, errors: string[] | undefined): SafeHtml | string {
  return errors?.length ? html`<p class="fr-error-text" id="${id}-erreur">${errors.join(' ; ')}</p>` : '';
}

/** A text input or textarea in a `fr-input-group`, in its error state when it has errors (`aria-describedby` → the message). */
export function inputField(o: InputOptions): SafeHtml {
  const bad = !!o.errors?.length;
  const described = [o.hint ? `${o.id}-aide` : '', bad ? `${o.id}-erreur` : ''].filter(Boolean).join(' ');
  const value = o.value === undefined || o.value === null ? '' : Array.isArray(o.value) ? o.value.join('\n') : String(o.value);
  const attrs = html`class="fr-input${bad ? ' fr-input--error' : ''}" id="${o.id}" name="${o.name}"${described ? html` aria-describedby="${described}"` : ''}${bad ? html` aria-invalid="true"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}`;
  return html`<div class="fr-input-group${bad ? ' fr-input-group--error' : ''}"><label class="fr-label" for="${o.id}">${labelText(o)}${o.hint ? html`<span class="fr-hint-text" id="${o.id}-aide">${o.hint}</span>` : ''}</label>
${o.rows ? html`<textarea ${attrs} rows="${o.rows}">${value}</textarea>` : html`<input ${attrs} type="${o.type ?? 'text'}" value="${value}">`}
${errorText(o.id, o.errors)}</div>`;
}

/** A fieldset in the DSFR error state: the message below the group, referenced by the fieldset. */
export function fieldset(o: { id: string; legend: string; optional?: boolean; errors?: string[]; body: SafeHtml }): SafeHtml {
  const bad = !!o.errors?.length;
  return html`<fieldset class="fr-fieldset${bad ? ' fr-fieldset--error' : ''}" id="${o.id}" aria-labelledby="${o.id}-legende${bad ? ` ${o.id}-messages` : ''}">
<legend class="fr-fieldset__legend" id="${o.id}-legende">${labelText({ label: o.legend, optional: o.optional })}</legend>
${o.body}
<div class="fr-messages-group" id="${o.id}-messages" aria-live="assertive">${bad ? html`<p class="fr-message fr-message--error">${o.errors!.join(' ; ')}</p>` : ''}</div>
</fieldset>`;
}
