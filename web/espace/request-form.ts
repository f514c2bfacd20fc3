import { html, type SafeHtml } from '../html.js';
import type { Contact, HabilitationForm } from '../../contracts/index.js';
import { errorsByField, fieldset, inputField, mandatoryNotice, type FieldError, type FieldSpec } from '../forms/index.js';

export interface ScopeOption {
  name: string;
  label: string;
}

const CONTACTS = [
  ['controller', 'Responsable de traitement'],
  ['dpo', 'Délégué à la protection des données'],
  ['business_contact', 'Contact métier'],
  ['technical_contact', 'Contact technique'],
] as const;
const CONTACT_FIELDS = [
  ['given_name', 'Prénom', 'text', 'given-name'],
  ['family_name', 'Nom', 'text', 'family-name'],
  ['email', 'Courriel', 'email', 'email'],
] as const;

/** Every field of the request form, by the pointer of the value it fills (errors are attached by pointer). */
export const REQUEST_FIELDS: FieldSpec[] = [
  { pointer: '/intitule', id: 'f-intitule', label: 'Intitulé de la démarche' },
  { pointer: '/description', id: 'f-description', label: 'Description' },
  { pointer: '/scopes', id: 'f-scopes', label: 'Données demandées' },
  { pointer: '/cadre_juridique_nature', id: 'f-cadre_juridique_nature', label: 'Cadre juridique' },
  { pointer: '/cadre_juridique_url', id: 'f-cadre_juridique_url', label: 'Lien vers le texte' },
  { pointer: '/purpose', id: 'f-purpose', label: 'Finalité du traitement' },
  { pointer: '/recipients', id: 'f-recipients', label: 'Destinataires des données' },
  { pointer: '/retention_months', id: 'f-retention_months', label: 'Durée de conservation' },
  { pointer: '/retention_justification', id: 'f-retention_justification', label: 'Justification de la durée de conservation' },
  { pointer: '/volume_per_minute', id: 'f-volume_per_minute', label: 'Volumétrie attendue' },
  { pointer: '/production_date', id: 'f-production_date', label: 'Date de mise en production' },
  { pointer: '/ip_allowlist', id: 'f-ip_allowlist', label: 'Adresses IP autorisées' },
  ...CONTACTS.flatMap(([name, legend]) => [
    { pointer: `/${name}`, id: `f-${name}`, label: legend },
    ...CONTACT_FIELDS.map(([k, label]) => ({
      pointer: `/${name}/${k}`,
      id: `f-${name}-${k}`,
      label: `${legend} — ${label.toLowerCase()}`,
    })),
  ]),
];

/**
 * The habilitation request's fields (DataPass), editable by the consumer's applicants, with the
 * problem's errors next to their fields. Every field is needed to submit, except those marked
 * « (facultatif) »; a draft may be saved incomplete.
 */
export function renderRequestFields(form: HabilitationForm, scopes: ScopeOption[], errors?: readonly FieldError[]): SafeHtml {
  const asked = new Set(form.scopes ?? []);
  const { byId } = errorsByField(errors, REQUEST_FIELDS);
  const field = (
    name: keyof HabilitationForm,
    label: string,
    value: unknown,
    extra: { hint?: string; type?: string; rows?: number; optional?: boolean } = {},
  ) => inputField({ id: `f-${name}`, name, label, value, errors: byId.get(`f-${name}`), ...extra });
  const contact = (name: (typeof CONTACTS)[number][0], legend: string, c: Contact | undefined) =>
    fieldset({
      id: `f-${name}`,
      legend,
      errors: byId.get(`f-${name}`),
      body: html`<div class="fr-grid-row fr-grid-row--gutters fr-col-12">${CONTACT_FIELDS.map(
        ([k, label, type, autocomplete]) =>
          html`<div class="fr-col-12 fr-col-md-4">${inputField({
            id: `f-${name}-${k}`,
            name: `${name}.${k}`,
            label,
            type,
            value: c?.[k],
            errors: byId.get(`f-${name}-${k}`),
            autocomplete: name === 'controller' || name === 'dpo' ? undefined : autocomplete,
          })}</div>`,
      )}</div>`,
    });
  return html`${mandatoryNotice()}
<h3>La démarche</h3>
${field('intitule', 'Intitulé de la démarche', form.intitule)}
${field('description', 'Description', form.description, { rows: 3 })}
${fieldset({
  id: 'f-scopes',
  legend: 'Données demandées (périmètres)',
  errors: byId.get('f-scopes'),
  body: html`${scopes.map((s) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="f-scope-${s.name}" name="scopes" value="${s.name}"${asked.has(s.name) ? html` checked` : ''}><label class="fr-label" for="f-scope-${s.name}">${s.label}<span class="fr-hint-text">Code du périmètre : <code>${s.name}</code></span></label></div></div>`)}`,
})}
<h3>Cadre juridique et finalité</h3>
${field('cadre_juridique_nature', 'Cadre juridique (texte, article)', form.cadre_juridique_nature)}
${field('cadre_juridique_url', 'Lien vers le texte', form.cadre_juridique_url, { hint: 'https://www.legifrance.gouv.fr/…', type: 'url', optional: true })}
${field('purpose', 'Finalité du traitement', form.purpose, { rows: 3 })}
${field('recipients', 'Destinataires des données (SIRET)', form.recipients, { hint: 'Un SIRET par ligne', rows: 3 })}
<h3>Conservation et volumétrie</h3>
${field('retention_months', 'Durée de conservation (mois)', form.retention_months, { type: 'number' })}
${field('retention_justification', 'Justification de la durée de conservation', form.retention_justification, { hint: 'Obligatoire au-delà de 36 mois', rows: 3, optional: true })}
${field('volume_per_minute', 'Volumétrie attendue (appels par minute)', form.volume_per_minute, { type: 'number' })}
${field('production_date', 'Date de mise en production', form.production_date, { type: 'date' })}
${field('ip_allowlist', 'Adresses IP autorisées', form.ip_allowlist, { hint: 'Une adresse ou plage CIDR par ligne', rows: 3, optional: true })}
<h3>Personnes</h3>
${CONTACTS.map(([name, legend]) => contact(name, legend, form[name]))}`;
}

/** Read-only summary of a request or of granted terms. */
export function renderRequestSummary(form: HabilitationForm): SafeHtml {
  const row = (label: string, value: unknown) =>
    html`<tr><th scope="row">${label}</th><td>${value === undefined || value === null || value === '' ? '—' : Array.isArray(value) ? value.join(', ') : String(value)}</td></tr>`;
  const person = (c: Contact | undefined) => (c ? `${c.given_name ?? ''} ${c.family_name ?? ''} <${c.email ?? ''}>` : undefined);
  return html`<div class="fr-table fr-table--no-caption"><table tabindex="0"><caption>Demande</caption><tbody>
${row('Intitulé', form.intitule)}${row('Description', form.description)}${row('Périmètres demandés', form.scopes)}
${row('Cadre juridique', form.cadre_juridique_nature)}${row('Lien', form.cadre_juridique_url)}${row('Finalité', form.purpose)}
${row('Destinataires', form.recipients)}${row('Conservation (mois)', form.retention_months)}${row('Justification', form.retention_justification)}
${row('Volumétrie (appels/min)', form.volume_per_minute)}${row('Mise en production', form.production_date)}${row('IP autorisées', form.ip_allowlist)}
${row('Responsable de traitement', person(form.controller))}${row('Délégué à la protection des données', person(form.dpo))}${row('Contact métier', person(form.business_contact))}${row('Contact technique', person(form.technical_contact))}
</tbody></table></div>`;
}
