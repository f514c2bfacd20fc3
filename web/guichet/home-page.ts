import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';
import { formatNumber } from '../french/index.js';
import { userOf, type GuichetUser } from './common.js';

export interface GuichetHomeModel {
  user: GuichetUser | null;
  currentPath?: string;
  /** Median days from submission to decision of access requests (null: not enough decisions to say). */
  medianInstructionDays: number | null;
  /** How many decisions the median is computed from (null: withheld, fewer than the small-count threshold). */
  decisions: number | null;
  counts: { apis: number; useCases: number; needs: number };
  contact: { email: string; dpoEmail: string };
}

function medianText(m: GuichetHomeModel): SafeHtml {
  if (m.medianInstructionDays === null)
    return html`<p id="delai-median">Le délai médian d’instruction sera publié dès que suffisamment de demandes auront été instruites.</p>`;
  const days = m.medianInstructionDays;
  const shown = days < 1 ? 'moins d’un jour' : `${formatNumber(days, days < 10 ? 1 : 0)} jour${days >= 2 ? 's' : ''}`;
  return html`<p id="delai-median">Délai médian constaté entre le dépôt d’une demande et la décision du producteur : <strong>${shown}</strong> (sur ${formatNumber(m.decisions ?? 0)} décisions des douze derniers mois).</p>`;
}

/** `/guichet`: the entry point of the « Dites-le-nous une fois » principle on Datapedia. */
export function renderGuichetHome(m: GuichetHomeModel): SafeHtml {
  return layout({
    title: 'Guichet « Dites-le-nous une fois »',
    section: 'guichet',
    user: userOf(m.user),
    csrfToken: m.user?.csrfToken,
    currentPath: m.currentPath,
    body: html`<h1>Guichet « Dites-le-nous une fois »</h1>
<p class="fr-text--lead">Une administration ne redemande pas à une personne ou à une entreprise une information qu’une autre administration détient déjà : elle l’obtient directement auprès d’elle, par Datapedia.</p>
<div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
  <div class="fr-col-12 fr-col-md-4"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content"><h2 class="fr-tile__title"><a href="/">Catalogue des données</a></h2><p class="fr-tile__detail">${formatNumber(m.counts.apis)} API publiées</p></div></div></div></div>
  <div class="fr-col-12 fr-col-md-4"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content"><h2 class="fr-tile__title"><a href="/guichet/cas-usage">Cas d’usage</a></h2><p class="fr-tile__detail">${formatNumber(m.counts.useCases)} démarches simplifiées</p></div></div></div></div>
  <div class="fr-col-12 fr-col-md-4"><div class="fr-tile fr-enlarge-link"><div class="fr-tile__body"><div class="fr-tile__content"><h2 class="fr-tile__title"><a href="/guichet/besoins">Besoins de données</a></h2><p class="fr-tile__detail">${formatNumber(m.counts.needs)} besoins publiés</p></div></div></div></div>
</div>
<section class="fr-mb-4w" aria-labelledby="principe"><h2 id="principe">Le principe</h2>
<p>Le code des relations entre le public et l’administration (articles L. 113-12 et L. 114-8) dispense les personnes et les entreprises de fournir une information ou une pièce justificative qu’une autre administration détient déjà. Les administrations échangent entre elles les données nécessaires au traitement d’une démarche, dans la limite de ce que la loi autorise.</p>
<p>Chaque échange passant par Datapedia est tracé dans un journal infalsifiable ; chaque personne peut voir <a href="/moi">qui a consulté ses données</a>, quand et pourquoi.</p></section>
<section class="fr-mb-4w" aria-labelledby="qui"><h2 id="qui">Qui peut utiliser Datapedia</h2>
<ul>
<li>Les administrations de l’État, les collectivités territoriales, les organismes de sécurité sociale et les opérateurs publics qui instruisent une démarche et ont un fondement juridique pour obtenir les données ;</li>
<li>les éditeurs de logiciels, pour le compte des administrations qui leur donnent délégation ;</li>
<li>les administrations qui détiennent des données (producteurs) : elles publient leurs API au catalogue et instruisent les demandes d’accès ;</li>
<li>les particuliers et les entreprises, pour voir les échanges qui les concernent.</li>
</ul></section>
<section class="fr-mb-4w" aria-labelledby="acces"><h2 id="acces">Comment obtenir l’accès à une donnée</h2>
<ol>
<li>Trouvez la donnée dans le <a href="/">catalogue</a> ou dans les <a href="/guichet/cas-usage">cas d’usage</a> d’autres administrations.</li>
<li>Connectez-vous avec ProConnect à l’<a href="/espace">espace administrations</a>.</li>
<li>Déposez une demande d’habilitation : démarche, cadre juridique, finalité, données demandées, contacts.</li>
<li>Le producteur instruit votre demande. ${medianText(m)}</li>
<li>Une fois la demande validée, obtenez vos identifiants et appelez l’API (voir la <a href="/docs">documentation</a>).</li>
</ol>
<p>La donnée dont vous avez besoin n’est pas au catalogue ? <a href="/guichet/besoins/nouveau">Déclarez votre besoin</a> : les producteurs y répondent publiquement.</p></section>
<section class="fr-mb-4w" aria-labelledby="accompagnement"><h2 id="accompagnement">Accompagnement</h2>
<ul>
<li><strong>Juridique</strong> : identifier le texte qui autorise l’échange, rédiger la finalité et la durée de conservation ;</li>
<li><strong>Technique</strong> : obtenir un jeton, appeler l’API, tester sur l’environnement de démonstration ;</li>
<li><strong>Conseil</strong> : repenser une démarche pour ne plus demander de pièces justificatives.</li>
</ul>
<p>Contact : <a href="mailto:${m.contact.email}">${m.contact.email}</a>. Délégué à la protection des données : <a href="mailto:${m.contact.dpoEmail}">${m.contact.dpoEmail}</a>.</p></section>
<section aria-labelledby="indicateurs"><h2 id="indicateurs">Indicateurs</h2>
<p>Taux de succès des échanges, volumes, délais d’instruction : <a href="/guichet/indicateurs">les indicateurs du guichet</a>, publiés chaque mois en données ouvertes.</p></section>`,
  });
}
