import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatDate, listFr } from '../french/index.js';
import type { UseCase } from '../../counter/index.js';
import { breadcrumb, csrf, errorBox, moderationBadge, noticeBox, userOf, type GuichetError, type GuichetUser } from './common.js';

export interface UseCaseListModel {
  user: GuichetUser | null;
  currentPath?: string;
  q: string;
  useCases: UseCase[];
  /** Whether the visitor may write one (a producer's agent or the operator). */
  canWrite: boolean;
  notice?: string;
}

/** `/guichet/cas-usage`: the published use cases, searched with the catalogue's French search. */
export function renderUseCaseList(m: UseCaseListModel): SafeHtml {
  return layout({
    title: 'Cas d’usage',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user?.csrfToken,
    currentPath: m.currentPath,
    body: html`${breadcrumb([{ label: 'Cas d’usage' }])}
<h1>Cas d’usage : des démarches simplifiées</h1>
${noticeBox(m.notice)}
<p class="fr-text--lead">Des démarches où l’administration obtient l’information auprès d’une autre, au lieu de demander une pièce justificative.</p>
<form method="get" action="/guichet/cas-usage" role="search" class="fr-mb-4w"><div class="fr-search-bar" id="recherche-cas">
<label class="fr-label" for="q">Rechercher un cas d’usage</label>
<input class="fr-input" placeholder="Rechercher (ex. : cantine, bourse, marché public)" type="search" id="q" name="q" value="${m.q}">
<button class="fr-btn" type="submit" title="Rechercher">Rechercher</button></div></form>
${m.canWrite ? html`<p><a class="fr-btn fr-btn--secondary" href="/guichet/cas-usage/nouveau">Proposer un cas d’usage</a></p>` : ''}
${
  m.useCases.length
    ? html`<div class="fr-grid-row fr-grid-row--gutters" id="cas-usage">${m.useCases.map(
        (
          u,
        ) => html`<div class="fr-col-12 fr-col-md-6"><div class="fr-card fr-enlarge-link"><div class="fr-card__body"><div class="fr-card__content">
<h2 class="fr-card__title"><a href="/guichet/cas-usage/${u.slug}">${u.title}</a></h2>
<p class="fr-card__desc">${u.summary.length > 240 ? `${u.summary.slice(0, 237)}…` : u.summary}</p>
<p class="fr-card__detail">${listFr(u.administrations)}</p></div></div></div></div>`,
      )}</div>`
    : html`<p id="aucun-cas">${m.q ? 'Aucun cas d’usage ne correspond à cette recherche.' : 'Aucun cas d’usage publié pour le moment.'}</p>`
}`,
  });
}

export interface UseCasePageModel {
  user: GuichetUser | null;
  currentPath?: string;
  useCase: UseCase;
  apis: { slug: string; title: string; producerName: string }[];
  dataElements: { id: string; label: string }[];
  authorName: string;
}

/** `/guichet/cas-usage/{slug}`: one use case, its APIs and data, the documents no longer asked. */
export function renderUseCasePage(m: UseCasePageModel): SafeHtml {
  const u = m.useCase;
  const dropped = u.documentsBefore.filter((d) => !u.documentsAfter.includes(d));
  return layout({
    title: u.title,
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user?.csrfToken,
    currentPath: m.currentPath,
    body: html`${breadcrumb([{ label: 'Cas d’usage', href: '/guichet/cas-usage' }, { label: u.title }])}
<h1>${u.title}</h1>
${u.status !== 'published' ? html`${moderationBadge(u.status)}${u.moderationNote ? html`<p>Motif : ${u.moderationNote}</p>` : ''}` : ''}
<p class="fr-text--lead">${u.summary}</p>
<dl>
<dt class="fr-text--bold">Administrations concernées</dt><dd>${listFr(u.administrations)}</dd>
<dt class="fr-text--bold">Base légale</dt><dd>${u.legalBasisUrl ? html`<a href="${u.legalBasisUrl}" rel="noopener">${u.legalBasis}</a>` : u.legalBasis}</dd>
<dt class="fr-text--bold">Proposé par</dt><dd>${m.authorName}${u.publishedAt ? `, publié le ${formatDate(u.publishedAt)}` : ''}</dd>
</dl>
<div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
<section class="fr-col-12 fr-col-md-6" aria-labelledby="avant"><h2 id="avant">Avant : pièces justificatives demandées</h2>
<ul id="pieces-avant">${u.documentsBefore.map((d) => html`<li>${d}</li>`)}</ul></section>
<section class="fr-col-12 fr-col-md-6" aria-labelledby="apres"><h2 id="apres">Après : ce qui est encore demandé</h2>
${u.documentsAfter.length ? html`<ul id="pieces-apres">${u.documentsAfter.map((d) => html`<li>${d}</li>`)}</ul>` : html`<p id="pieces-apres">Plus aucune pièce justificative.</p>`}
${dropped.length ? html`<p>Ne sont plus demandées : ${listFr(dropped)}.</p>` : ''}</section>
</div>
<section class="fr-mb-4w" aria-labelledby="donnees"><h2 id="donnees">Données obtenues au lieu d’être demandées</h2>
${m.dataElements.length ? html`<ul>${m.dataElements.map((d) => html`<li><a href="/catalogue/donnees/${d.id}">${d.label}</a></li>`)}</ul>` : html`<p>Voir les API ci-dessous.</p>`}</section>
<section aria-labelledby="api"><h2 id="api">API utilisées</h2>
<ul id="api-du-cas">${m.apis.map((a) => html`<li><a href="/catalogue/api/${a.slug}">${a.title}</a> — ${a.producerName}</li>`)}</ul>
<p>Pour demander l’accès, ouvrez la page de l’API puis « Demander l’accès ».</p></section>`,
  });
}

export interface UseCaseFormModel {
  user: GuichetUser;
  organisations: { siret: string; name: string }[];
  apis: { slug: string; title: string }[];
  values?: Record<string, string>;
  error?: GuichetError;
}

/** `/guichet/cas-usage/nouveau`: a producer (or the operator) proposes a use case. */
export function renderUseCaseForm(m: UseCaseFormModel): SafeHtml {
  const v = m.values ?? {};
  const field = (id: string, label: string, hint: string, rows = 0, optional = false) =>
    html`<div class="fr-input-group"><label class="fr-label" for="${id}">${label}${optional ? ' (facultatif)' : ''}<span class="fr-hint-text">${hint}</span></label>
${rows ? html`<textarea class="fr-input" id="${id}" name="${id}" rows="${rows}">${v[id] ?? ''}</textarea>` : html`<input class="fr-input" id="${id}" name="${id}" value="${v[id] ?? ''}">`}</div>`;
  return layout({
    title: 'Proposer un cas d’usage',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user.csrfToken,
    body: html`${breadcrumb([{ label: 'Cas d’usage', href: '/guichet/cas-usage' }, { label: 'Proposer un cas d’usage' }])}
<h1>Proposer un cas d’usage</h1>
${errorBox(m.error)}
<p class="fr-hint-text">Sauf mention contraire « (facultatif) », tous les champs sont obligatoires. Le cas d’usage est publié après relecture par l’opérateur.</p>
<form method="post" action="/guichet/cas-usage">${csrf(m.user)}
<div class="fr-select-group"><label class="fr-label" for="organisationSiret">Pour l’organisation</label>
<select class="fr-select" id="organisationSiret" name="organisationSiret">${m.organisations.map((o) => html`<option value="${o.siret}"${o.siret === v.organisationSiret ? html` selected` : ''}>${o.name}</option>`)}</select></div>
${field('title', 'Titre', 'La démarche simplifiée, en quelques mots')}
${field('slug', 'Identifiant', 'Minuscules et tirets, par exemple tarif-cantine-quotient-familial')}
${field('summary', 'Description', 'Ce qui change pour la personne ou l’entreprise', 4)}
${field('administrations', 'Administrations concernées', 'Une par ligne', 3)}
${field('legalBasis', 'Base légale', 'Le texte qui autorise l’échange')}
${field('documentsBefore', 'Pièces justificatives demandées avant', 'Une par ligne', 3)}
${field('documentsAfter', 'Pièces encore demandées après', 'Une par ligne', 2, true)}
<div class="fr-select-group"><label class="fr-label" for="apiSlugs">API utilisées<span class="fr-hint-text">Au moins une, dont une de votre organisation</span></label>
<select class="fr-select" id="apiSlugs" name="apiSlugs" multiple size="5">${m.apis.map((a) => html`<option value="${a.slug}">${a.title}</option>`)}</select></div>
${field('dataElements', 'Données du dictionnaire', 'Identifiants, un par ligne (par exemple quotient_familial)', 3, true)}
<button class="fr-btn" type="submit" id="proposer-cas">Proposer</button>
</form>`,
  });
}
