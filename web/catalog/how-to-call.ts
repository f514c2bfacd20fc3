/**
 * The « Comment appeler » and « Qui peut demander » blocks of an API page: legal bases, who may
 * ask and the « Demander l’accès » button, the gateway URL, the mandatory traceability
 * parameters (`recipient`, `context`, `object`), the subject's identity parameters, a copyable
 * example, and the producer's status.
 */
import { html, type SafeHtml } from '../html.js';
import type { Api, DataElement, Endpoint } from '../../catalog/index.js';
import { PARTICULIER_IDENTITY_PARAMS } from '../../schemas/index.js';
import { PRODUCER_STATUS, CIRCUIT_STATE, badgeOf, formatDateTime, labelOf } from '../french/index.js';

export interface ProducerStatus {
  state: 'up' | 'degraded' | 'down' | 'unknown';
  checkedAt?: string | null;
  latencyMs?: number | null;
  circuit?: 'closed' | 'open' | 'half_open' | null;
}

const IDENTITY_LABELS: Record<string, string> = {
  nomNaissance: 'nom de naissance',
  'prenoms[]': 'prénoms (un paramètre par prénom)',
  anneeDateNaissance: 'année de naissance',
  moisDateNaissance: 'mois de naissance',
  jourDateNaissance: 'jour de naissance',
  sexeEtatCivil: 'sexe à l’état civil (M ou F)',
  codeCogInseePaysNaissance: 'code INSEE du pays de naissance',
  codeCogInseeCommuneNaissance: 'code INSEE de la commune de naissance (né en France)',
};

/** Distinct legal sources of the data elements an API delivers. */
export function legalBasesOf(elements: DataElement[]): { label: string; url: string | null }[] {
  const seen = new Map<string, { label: string; url: string | null }>();
  for (const d of elements)
    if (d.legalSource?.label && !seen.has(d.legalSource.label))
      seen.set(d.legalSource.label, { label: d.legalSource.label, url: d.legalSource.url ?? null });
  return [...seen.values()];
}

export function legalBasesSection(elements: DataElement[]): SafeHtml {
  const bases = legalBasesOf(elements);
  return html`<h2 id="bases-legales">Bases légales</h2>
${
  bases.length
    ? html`<ul>${bases.map((b) => html`<li>${b.url ? html`<a href="${b.url}" target="_blank" rel="noopener" title="${b.label} — nouvelle fenêtre">${b.label}</a>` : b.label}</li>`)}</ul>`
    : html`<p>Le producteur n’a pas encore rattaché les champs de cette API à des données du dictionnaire : la base légale est précisée dans chaque contrat d’habilitation.</p>`
}`;
}

/** Who may ask, and the button into the request form (prefilled with this API). */
export function whoMayAskSection(a: Api): SafeHtml {
  if (a.access === 'open') {
    return html`<h2 id="qui-peut-demander">Qui peut l’utiliser</h2><p>Cette API est ouverte : toute personne peut l’appeler sans habilitation, dans la limite de ${a.rateLimitPerMinute} appels par minute.</p>`;
  }
  return html`<h2 id="qui-peut-demander">Qui peut demander l’accès</h2>
<p>Les administrations et organismes chargés d’une mission de service public, pour une démarche prévue par un texte, lorsque le producteur a validé leur demande d’habilitation.${a.sensitivity === 'highly_sensitive' ? ' Ces données étant très sensibles, la validation d’un instructeur doit être confirmée par le délégué à la protection des données du producteur.' : ''}${a.consentPolicy === 'consent_required' ? ' Chaque échange exige en outre le consentement de la personne concernée.' : ''}</p>
${
  a.lifecycle === 'published' || a.lifecycle === 'deprecated'
    ? html`<p><a class="fr-btn fr-icon-arrow-right-line fr-btn--icon-right" id="demander-acces" href="/espace?api=${encodeURIComponent(a.slug)}#nouvelle">Demander l’accès</a></p>
<p class="fr-text--sm">Il faut être connecté avec ProConnect et avoir le rôle de demandeur dans son organisation.</p>`
    : ''
}`;
}

function exampleQuery(a: Api): [string, string][] {
  const trace: [string, string][] = [
    ['recipient', '21690123100011'],
    ['context', 'Tarification cantine'],
    ['object', 'Dossier 2026-0042'],
  ];
  if (a.subjectKind === 'person')
    return [
      ...trace,
      ['nomNaissance', 'MARTIN'],
      ['prenoms[]', 'Camille'],
      ['anneeDateNaissance', '1990'],
      ['moisDateNaissance', '4'],
      ['jourDateNaissance', '12'],
      ['sexeEtatCivil', 'F'],
      ['codeCogInseeCommuneNaissance', '69123'],
    ];
  if (a.subjectKind === 'company') return [...trace, ['siret', '13000400500018']];
  return trace;
}

/** « Comment appeler cette API » with a copyable example. */
export function howToCallSection(a: Api, endpoints: Endpoint[], gatewayUrl: string): SafeHtml {
  const ep = endpoints.find((e) => e.method.toLowerCase() === 'get' && !e.deprecated) ?? endpoints[0];
  const path = ep ? ep.pathTemplate : '/…';
  const qs = exampleQuery(a)
    .map(([k, v]) => `${encodeURIComponent(k).replace('%5B%5D', '[]')}=${encodeURIComponent(v)}`)
    .join('&');
  const base = gatewayUrl.replace(/\/+$/, '');
  const curl =
    a.access === 'open'
      ? `curl "${base}/exchange/${a.slug}${path}?${qs}"`
      : `TOKEN=$(curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials ${base}/oauth/token | jq -r .access_token)\ncurl -H "Authorization: Bearer $TOKEN" "${base}/exchange/${a.slug}${path}?${qs}"`;
  return html`<h2 id="comment-appeler">Comment appeler cette API</h2>
<p>Adresse de la passerelle : <code id="url-passerelle">${base}/exchange/${a.slug}</code>, suivie du chemin du point d’accès${ep ? html` (par exemple <code>${ep.method.toUpperCase()} ${ep.pathTemplate}</code>)` : ''}.</p>
${a.access === 'restricted' ? html`<p>Chaque appel porte un jeton d’accès obtenu avec les identifiants de votre contrat (OAuth 2.0, <code>client_credentials</code>) auprès de <code>${base}/oauth/token</code>.</p>` : ''}
<h3 class="fr-h6">Paramètres de traçabilité (obligatoires)</h3>
<ul>
<li><code>recipient</code> : SIRET de l’organisation destinataire des données (la vôtre, ou un destinataire déclaré dans le contrat) ;</li>
<li><code>context</code> : le cadre de la demande (1 à 50 caractères), par exemple la démarche ;</li>
<li><code>object</code> : l’objet précis, par exemple le numéro de dossier (1 à 50 caractères).</li>
</ul>
<p class="fr-text--sm">Ils sont inscrits au journal des échanges : la personne concernée les voit dans son espace.</p>
${
  a.subjectKind === 'person'
    ? html`<h3 class="fr-h6">Identité de la personne</h3>
<p>Soit l’identité pivot (comme l’API Particulier) :</p><ul>${PARTICULIER_IDENTITY_PARAMS.map((p) => html`<li><code>${p}</code> : ${IDENTITY_LABELS[p] ?? ''}</li>`)}</ul>
<p>soit le jeton FranceConnect de la personne présente, dans l’en-tête <code>X-FranceConnect-OIDC</code>.</p>`
    : ''
}
${a.subjectKind === 'company' ? html`<h3 class="fr-h6">Entreprise concernée</h3><p><code>siret</code> (14 chiffres) ou <code>siren</code> (9 chiffres) de l’entreprise.</p>` : ''}
<h3 class="fr-h6">Exemple</h3>
<div class="dp-copy"><pre><code id="exemple-appel">${curl}</code></pre>
<button class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-clipboard-line fr-btn--icon-left" type="button" data-copy="exemple-appel">Copier l’exemple</button>
<p class="fr-text--sm" id="exemple-appel-statut" role="status"></p></div>`;
}

/** The producer's status, as last measured by the gateway. */
export function producerStatusSection(s: ProducerStatus): SafeHtml {
  return html`<h2 id="etat-producteur">État du producteur</h2>
<p><span class="fr-badge ${badgeOf(PRODUCER_STATUS, s.state)}" id="etat">${labelOf(PRODUCER_STATUS, s.state)}</span>
${s.checkedAt ? html` — vérifié le ${formatDateTime(s.checkedAt)}` : ''}${typeof s.latencyMs === 'number' ? html`, temps de réponse ${s.latencyMs} ms` : ''}${s.circuit && s.circuit !== 'closed' ? html` — protection contre les pannes : ${labelOf(CIRCUIT_STATE, s.circuit)}` : ''}</p>`;
}
