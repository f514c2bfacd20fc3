/**
 * Two pages of the administration space (French, DSFR), pure functions of their view models:
 * a producer's settings of its APIs (access, sensitivity, consent policy — what decides
 * four-eyes approval and the consent step of the exchange path), and an agent's consent
 * requests to people (the form, and the organisation's requests with their outcome).
 */
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { ACCESS, CONSENT_POLICY, CONSENT_REQUEST_STATUS, SENSITIVITY, SUBJECT_KIND, badgeOf, labelOf } from '../french/index.js';
import { errorSummary, fieldset, inputField, mandatoryNotice, errorsByField, type FieldSpec } from '../forms/index.js';
import { csrfField, errorAlert, type EspaceUser, type PageError } from './common.js';
import { frenchDate, frenchDateTime } from './labels.js';

/** Success notices of these pages (the redirect carries the code, never text). */
export const SETTINGS_NOTICES: Record<string, string> = {
  reglages: 'Les réglages de l’API ont été enregistrés et tracés dans le journal.',
  'consentement-demande': 'La demande de consentement a été envoyée : la personne la verra dans son espace « Mes données ».',
};

function notice(code: string | undefined): SafeHtml | string {
  const text = code ? SETTINGS_NOTICES[code] : undefined;
  return text ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" id="message"><p>${text}</p></div>` : '';
}

function breadcrumb(current: string): SafeHtml {
  return html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/espace">Espace administrations</a></li><li><a class="fr-breadcrumb__link" aria-current="page">${current}</a></li></ol></nav>`;
}

function radios(name: string, idPrefix: string, legend: string, table: Record<string, string>, current: string, hint?: string): SafeHtml {
  return html`<fieldset class="fr-fieldset" id="${idPrefix}" aria-labelledby="${idPrefix}-legende">
<legend class="fr-fieldset__legend fr-text--regular" id="${idPrefix}-legende">${legend}${hint ? html`<span class="fr-hint-text">${hint}</span>` : ''}</legend>
${Object.entries(table).map(
  ([code, label]) =>
    html`<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="${idPrefix}-${code}" name="${name}" value="${code}"${code === current ? html` checked` : ''}><label class="fr-label" for="${idPrefix}-${code}">${label}</label></div></div>`,
)}
</fieldset>`;
}

export interface ApiSettingsView {
  slug: string;
  title: string;
  producerName: string;
  access: string;
  sensitivity: string;
  consentPolicy: string;
  subjectKind: string;
  proactive: boolean;
  retention: { minDays: number; maxDays: number } | null;
}

export interface ApiSettingsPageModel {
  user: EspaceUser;
  apis: ApiSettingsView[];
  /** The platform's default retention (LEDGER_RETENTION_MIN_DAYS / _MAX_DAYS). */
  platformRetention: { minDays: number; maxDays: number };
  notice?: string;
  /** A refused change, shown above the API it concerns. */
  error?: PageError & { slug: string };
}

function apiSettingsForm(
  a: ApiSettingsView,
  platform: { minDays: number; maxDays: number },
  csrfToken: string | undefined,
  error: PageError | undefined,
): SafeHtml {
  const id = `api-${a.slug}`;
  const retentionErrors = (bound: 'minDays' | 'maxDays') =>
    error?.errors
      ?.filter((e) => e.pointer === `/retention/${bound}` || (bound === 'minDays' && e.pointer === '/retention'))
      .map((e) => e.detail);
  const sensitivity = Object.fromEntries(Object.entries(SENSITIVITY).map(([k, v]) => [k, v.label]));
  return html`<section class="fr-mb-6w" aria-labelledby="${id}-titre" id="${id}">
<h2 id="${id}-titre" class="fr-h4">${a.title}</h2>
<p class="fr-text--sm">${a.producerName} · <a href="/catalogue/api/${a.slug}">fiche du catalogue</a> · ${labelOf(SUBJECT_KIND, a.subjectKind)} ·
<span class="fr-badge fr-badge--sm ${badgeOf(SENSITIVITY, a.sensitivity)}">${labelOf(SENSITIVITY, a.sensitivity)}</span></p>
${errorAlert(error)}
<form method="post" action="/espace/apis/${a.slug}/reglages">${csrfField(csrfToken)}
${radios('access', `${id}-acces`, 'Accès', ACCESS, a.access)}
${radios(
  'sensitivity',
  `${id}-sensibilite`,
  'Sensibilité',
  sensitivity,
  a.sensitivity,
  '« Très sensible » : chaque habilitation est approuvée par un instructeur puis par le délégué à la protection des données (double validation).',
)}
${radios(
  'consentPolicy',
  `${id}-consentement`,
  'Consentement de la personne',
  CONSENT_POLICY,
  a.consentPolicy,
  '« Consentement requis » : la passerelle refuse tout échange sans consentement en vigueur de la personne concernée.',
)}
<div class="fr-checkbox-group fr-mb-3w"><input type="hidden" name="proactive" value="false"><input type="checkbox" id="${id}-proactive" name="proactive" value="true"${a.proactive ? html` checked` : ''}><label class="fr-label" for="${id}-proactive">Utilisée pour proposer une prestation non demandée<span class="fr-hint-text">La personne peut alors s’opposer à ces échanges (CRPA, article L114-8).</span></label></div>
${fieldset({
  id: `${id}-conservation`,
  legend: 'Conservation des traces de ses échanges dans le journal (jours)',
  optional: true,
  body: html`<p class="fr-hint-text">Fixée par le texte qui crée l’échange (CRPA, article L114-9). Vide : valeur par défaut de la plateforme, de ${platform.minDays} à ${platform.maxDays} jours. Au-delà du maximum, les traces sont archivées puis effacées.</p>
${inputField({ id: `${id}-conservation-min`, name: 'retentionMinDays', label: 'Au moins', type: 'number', optional: true, value: a.retention?.minDays, errors: retentionErrors('minDays') })}
${inputField({ id: `${id}-conservation-max`, name: 'retentionMaxDays', label: 'Au plus', type: 'number', optional: true, value: a.retention?.maxDays, errors: retentionErrors('maxDays') })}`,
})}
<button class="fr-btn" type="submit">Enregistrer les réglages</button>
</form></section>`;
}

export function renderApiSettingsPage(d: ApiSettingsPageModel): SafeHtml {
  return layout({
    title: 'Réglages de mes API',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    currentPath: '/espace/apis',
    body: html`${breadcrumb('Réglages de mes API')}
<h1>Réglages de mes API</h1>
<p>Chaque changement est tracé dans le journal des échanges, avec son auteur, et s’applique au prochain échange.</p>
${notice(d.notice)}
${
  d.apis.length
    ? d.apis.map((a) => apiSettingsForm(a, d.platformRetention, d.user.csrfToken, d.error?.slug === a.slug ? d.error : undefined))
    : html`<p>Vous n’administrez ni n’instruisez aucune API d’un producteur.</p>`
}`,
  });
}

export interface ConsentRequestRowView {
  id: string;
  consumerName: string;
  apiTitle: string;
  purpose: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

export interface ConsentRequestsPageModel {
  user: EspaceUser;
  /** Organisations the agent may request for (applicant role). */
  orgs: { siret: string; name: string }[];
  /** APIs that take consent requests (`consent_required`, about persons). */
  apis: { slug: string; title: string }[];
  requests: ConsentRequestRowView[];
  notice?: string;
  error?: PageError;
  /** The values posted, shown again with the errors. */
  values?: Record<string, string>;
}

/** The form's fields by the JSON pointer of the value each fills (errors attach to them). */
export const CONSENT_REQUEST_FIELDS: FieldSpec[] = [
  { pointer: '/consumerSiret', id: 'consumerSiret', label: 'Organisation' },
  { pointer: '/apiSlug', id: 'apiSlug', label: 'API' },
  { pointer: '/subject/pivot/family_name', id: 'family_name', label: 'Nom de naissance' },
  { pointer: '/subject/pivot/given_name', id: 'given_name', label: 'Prénoms' },
  { pointer: '/subject/pivot/birthdate', id: 'birthdate', label: 'Date de naissance' },
  { pointer: '/subject/pivot/gender', id: 'gender', label: 'Sexe' },
  { pointer: '/subject/pivot/birthplace', id: 'birthplace', label: 'Commune de naissance' },
  { pointer: '/subject/pivot/birthcountry', id: 'birthcountry', label: 'Pays de naissance' },
  { pointer: '/subject', id: 'personne', label: 'Personne' },
  { pointer: '/purpose', id: 'purpose', label: 'Finalité' },
  { pointer: '/durationDays', id: 'durationDays', label: 'Durée du consentement' },
];

function select(
  id: string,
  label: string,
  options: { value: string; label: string }[],
  current: string | undefined,
  errors?: string[],
): SafeHtml {
  const bad = !!errors?.length;
  return html`<div class="fr-select-group${bad ? ' fr-select-group--error' : ''}"><label class="fr-label" for="${id}">${label}</label>
<select class="fr-select${bad ? ' fr-select--error' : ''}" id="${id}" name="${id}"${bad ? html` aria-invalid="true" aria-describedby="${id}-erreur"` : ''}>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`,
  )}</select>${bad ? html`<p class="fr-error-text" id="${id}-erreur">${errors!.join(' ; ')}</p>` : ''}</div>`;
}

function requestsTable(rows: ConsentRequestRowView[]): SafeHtml {
  if (rows.length === 0) return html`<p>Aucune demande de consentement.</p>`;
  return html`<div class="fr-table"><table tabindex="0"><caption class="fr-sr-only">Demandes de consentement de mes organisations</caption>
<thead><tr><th scope="col">Envoyée le</th><th scope="col">Organisation</th><th scope="col">API</th><th scope="col">Finalité</th><th scope="col">Statut</th><th scope="col">Échéance</th></tr></thead>
<tbody>${rows.map(
    (
      r,
    ) => html`<tr data-request="${r.id}"><td>${frenchDateTime(r.createdAt)}</td><td>${r.consumerName}</td><td>${r.apiTitle}</td><td>${r.purpose}</td>
<td><p class="fr-badge fr-badge--sm ${badgeOf(CONSENT_REQUEST_STATUS, r.status)}" data-status="${r.status}">${labelOf(CONSENT_REQUEST_STATUS, r.status)}</p></td>
<td>${r.decidedAt ? html`décidée le ${frenchDate(r.decidedAt)}` : html`expire le ${frenchDate(r.expiresAt)}`}</td></tr>`,
  )}</tbody></table></div>`;
}

export function renderConsentRequestsPage(d: ConsentRequestsPageModel): SafeHtml {
  const v = d.values ?? {};
  const { byId } = errorsByField(d.error?.errors, CONSENT_REQUEST_FIELDS);
  const form =
    d.orgs.length && d.apis.length
      ? html`<section class="fr-mb-6w" aria-labelledby="nouvelle-demande"><h2 id="nouvelle-demande">Demander son consentement à une personne</h2>
<p>La personne voit la demande dans son espace « Mes données » et l’accepte ou la refuse. Son identité sert à la retrouver ; elle n’est pas conservée.</p>
${errorSummary('La demande n’a pas été envoyée', d.error?.errors, CONSENT_REQUEST_FIELDS)}${d.error && !d.error.errors?.length ? errorAlert(d.error) : ''}
${mandatoryNotice()}
<form method="post" action="/espace/consentements">${csrfField(d.user.csrfToken)}
${select(
  'consumerSiret',
  'Pour l’organisation',
  d.orgs.map((o) => ({ value: o.siret, label: `${o.name} (${o.siret})` })),
  v.consumerSiret,
  byId.get('consumerSiret'),
)}
${select(
  'apiSlug',
  'API concernée',
  d.apis.map((a) => ({ value: a.slug, label: a.title })),
  v.apiSlug,
  byId.get('apiSlug'),
)}
${fieldset({
  id: 'personne',
  legend: 'La personne (identité pivot)',
  errors: byId.get('personne'),
  body: html`${inputField({ id: 'family_name', name: 'family_name', label: 'Nom de naissance', value: v.family_name, errors: byId.get('family_name'), autocomplete: 'off' })}
${inputField({ id: 'given_name', name: 'given_name', label: 'Prénoms', hint: 'Séparés par des espaces', value: v.given_name, errors: byId.get('given_name'), autocomplete: 'off' })}
${inputField({ id: 'birthdate', name: 'birthdate', label: 'Date de naissance', type: 'date', value: v.birthdate, errors: byId.get('birthdate') })}
${select(
  'gender',
  'Sexe',
  [
    { value: 'female', label: 'Féminin' },
    { value: 'male', label: 'Masculin' },
  ],
  v.gender,
  byId.get('gender'),
)}
${inputField({ id: 'birthplace', name: 'birthplace', label: 'Commune de naissance', hint: 'Code officiel géographique (5 caractères), vide si né(e) à l’étranger', optional: true, value: v.birthplace, errors: byId.get('birthplace') })}
${inputField({ id: 'birthcountry', name: 'birthcountry', label: 'Pays de naissance', hint: 'Code pays de l’INSEE : 99100 pour la France', value: v.birthcountry ?? '99100', errors: byId.get('birthcountry') })}`,
})}
${inputField({ id: 'purpose', name: 'purpose', label: 'Finalité', hint: 'En termes compréhensibles par la personne : elle la lira avant de décider.', rows: 3, value: v.purpose, errors: byId.get('purpose') })}
${inputField({ id: 'durationDays', name: 'durationDays', label: 'Durée du consentement une fois accordé (jours)', type: 'number', value: v.durationDays ?? '365', errors: byId.get('durationDays') })}
<button class="fr-btn" type="submit" id="envoyer">Envoyer la demande</button>
</form></section>`
      : html`<p>Aucune de vos organisations ne peut demander de consentement${d.orgs.length ? ' : aucune API du catalogue n’en requiert' : ' (rôle « demandeur » nécessaire)'}.</p>`;
  return layout({
    title: 'Demandes de consentement',
    section: 'espace',
    user: { name: d.user.name, logoutUrl: '/auth/logout' },
    csrfToken: d.user.csrfToken,
    currentPath: '/espace/consentements',
    body: html`${breadcrumb('Demandes de consentement')}
<h1>Demandes de consentement</h1>
${notice(d.notice)}
${form}
<section aria-labelledby="envoyees"><h2 id="envoyees">Demandes envoyées par mes organisations</h2>${requestsTable(d.requests)}</section>`,
  });
}
