import { html, type SafeHtml } from '../html.js';
import type { Contact, HabilitationForm } from '../../contracts/index.js';

export interface ScopeOption {
  name: string;
  label: string;
}

function text(name: keyof HabilitationForm, label: string, value: unknown, hint = '', type = 'text'): SafeHtml {
  return html`<div class="fr-input-group"><label class="fr-label" for="f-${name}">${label}${hint ? html`<span class="fr-hint-text">${hint}</span>` : ''}</label>
<input class="fr-input" type="${type}" id="f-${name}" name="${name}" value="${value === undefined || value === null ? '' : String(value)}"></div>`;
}

function area(name: keyof HabilitationForm, label: string, value: string | undefined, hint = ''): SafeHtml {
  return html`<div class="fr-input-group"><label class="fr-label" for="f-${name}">${label}${hint ? html`<span class="fr-hint-text">${hint}</span>` : ''}</label>
<textarea class="fr-input" id="f-${name}" name="${name}" rows="3">${value ?? ''}</textarea></div>`;
}

function contact(name: 'controller' | 'dpo' | 'business_contact' | 'technical_contact', legend: string, c: Contact | undefined): SafeHtml {
  const field = (k: keyof Contact, label: string, type = 'text') => html`<div class="fr-col-12 fr-col-md-4 fr-input-group"><label class="fr-label" for="f-${name}-${k}">${label}</label>
<input class="fr-input" type="${type}" id="f-${name}-${k}" name="${name}.${k}" value="${c?.[k] ?? ''}"></div>`;
  return html`<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">${legend}</legend>
<div class="fr-grid-row fr-grid-row--gutters fr-col-12">${field('given_name', 'Prénom')}${field('family_name', 'Nom')}${field('email', 'Courriel', 'email')}</div></fieldset>`;
}

/** The habilitation request's fields (DataPass), editable by the consumer's applicants. */
export function renderRequestFields(form: HabilitationForm, scopes: ScopeOption[]): SafeHtml {
  const asked = new Set(form.scopes ?? []);
  return html`<h3>La démarche</h3>
${text('intitule', 'Intitulé de la démarche', form.intitule)}
${area('description', 'Description', form.description)}
<fieldset class="fr-fieldset" id="f-scopes"><legend class="fr-fieldset__legend">Données demandées (périmètres)</legend>
${scopes.map((s) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="f-scope-${s.name}" name="scopes" value="${s.name}"${asked.has(s.name) ? html` checked` : ''}><label class="fr-label" for="f-scope-${s.name}">${s.label} <code>${s.name}</code></label></div></div>`)}
</fieldset>
<h3>Cadre juridique et finalité</h3>
${text('cadre_juridique_nature', 'Cadre juridique (texte, article)', form.cadre_juridique_nature)}
${text('cadre_juridique_url', 'Lien vers le texte', form.cadre_juridique_url, 'https://www.legifrance.gouv.fr/…', 'url')}
${area('purpose', 'Finalité du traitement', form.purpose)}
${area('recipients', 'Destinataires des données (SIRET)', form.recipients?.join('\n'), 'Un SIRET par ligne')}
<h3>Conservation et volumétrie</h3>
${text('retention_months', 'Durée de conservation (mois)', form.retention_months, '', 'number')}
${area('retention_justification', 'Justification (obligatoire au-delà de 36 mois)', form.retention_justification)}
${text('volume_per_minute', 'Volumétrie attendue (appels par minute)', form.volume_per_minute, '', 'number')}
${text('production_date', 'Date de mise en production', form.production_date, '', 'date')}
${area('ip_allowlist', 'Adresses IP autorisées (facultatif)', form.ip_allowlist?.join('\n'), 'Une adresse ou plage CIDR par ligne')}
<h3>Personnes</h3>
${contact('controller', 'Responsable de traitement', form.controller)}
${contact('dpo', 'Délégué à la protection des données', form.dpo)}
${contact('business_contact', 'Contact métier', form.business_contact)}
${contact('technical_contact', 'Contact technique', form.technical_contact)}`;
}

/** Read-only summary of a request or of granted terms. */
export function renderRequestSummary(form: HabilitationForm): SafeHtml {
  const row = (label: string, value: unknown) => html`<tr><th scope="row">${label}</th><td>${value === undefined || value === null || value === '' ? '—' : Array.isArray(value) ? value.join(', ') : String(value)}</td></tr>`;
  const person = (c: Contact | undefined) => (c ? `${c.given_name ?? ''} ${c.family_name ?? ''} <${c.email ?? ''}>` : undefined);
  return html`<div class="fr-table fr-table--no-caption"><table><caption>Demande</caption><tbody>
${row('Intitulé', form.intitule)}${row('Description', form.description)}${row('Périmètres demandés', form.scopes)}
${row('Cadre juridique', form.cadre_juridique_nature)}${row('Lien', form.cadre_juridique_url)}${row('Finalité', form.purpose)}
${row('Destinataires', form.recipients)}${row('Conservation (mois)', form.retention_months)}${row('Justification', form.retention_justification)}
${row('Volumétrie (appels/min)', form.volume_per_minute)}${row('Mise en production', form.production_date)}${row('IP autorisées', form.ip_allowlist)}
${row('Responsable de traitement', person(form.controller))}${row('DPO', person(form.dpo))}${row('Contact métier', person(form.business_contact))}${row('Contact technique', person(form.technical_contact))}
</tbody></table></div>`;
}
