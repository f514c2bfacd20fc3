/**
 * The pages every State site carries: accessibility statement (the real conformity level),
 * legal notice, personal data (and cookies), site map. Their facts come from the operator's
 * configuration (`LegalInfo`); the demo values say plainly that they are placeholders.
 */
import { html, type SafeHtml } from '../html.js';
import { ACCESSIBILITY_LEVEL, layout } from '../layout.js';

export interface LegalInfo {
  /** The administration that publishes the service. */
  publisher: string;
  /** Its postal address. */
  address: string;
  /** Director of publication (function, not a person's private data). */
  director: string;
  /** Host of the service. */
  host: string;
  /** Where people write about the service, accessibility and personal data. */
  contactEmail: string;
  /** The data protection officer's contact. */
  dpoEmail: string;
}

/** Placeholders of a demonstration instance, named as such on the pages. */
export const DEMO_LEGAL_INFO: LegalInfo = {
  publisher: 'Instance de démonstration de Datapedia (éditeur à renseigner par l’opérateur)',
  address: 'Adresse à renseigner par l’opérateur',
  director: 'Directeur ou directrice de la publication à renseigner par l’opérateur',
  host: 'Hébergeur à renseigner par l’opérateur',
  contactEmail: 'contact@datapedia.invalid',
  dpoEmail: 'dpd@datapedia.invalid',
};

type User = { name: string; logoutUrl: string } | null | undefined;

function page(title: string, user: User, body: SafeHtml): SafeHtml {
  return layout({ title, user, body: html`<h1>${title}</h1>${body}` });
}

/** `/accessibilite`: the accessibility statement (RGAA 4.1), with the level actually reached. */
export function renderAccessibilityPage(info: LegalInfo, user?: User): SafeHtml {
  return page(
    'Déclaration d’accessibilité',
    user,
    html`
<p>${info.publisher} s’engage à rendre son service accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<p>Cette déclaration d’accessibilité s’applique à Datapedia (catalogue des données, espace des administrations, espace « Qui a consulté mes données ? », console de contrôle, documentation de l’API).</p>
<h2>État de conformité</h2>
<p id="etat-conformite">Datapedia est <strong>${ACCESSIBILITY_LEVEL}</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1 : aucun audit de conformité n’a encore été réalisé.</p>
<h2>Résultats des tests</h2>
<p>Aucun audit RGAA n’a été mené. Chaque page est vérifiée automatiquement à chaque modification (outil axe-core, règles WCAG 2 niveaux A et AA, écrans de 1280 et 375 pixels de large) ; ces tests automatiques ne couvrent qu’une partie des critères et ne valent pas audit.</p>
<h2>Contenus non accessibles</h2>
<ul>
<li>Les graphiques de statistiques sont accompagnés du tableau de leurs données ; leur lisibilité par les technologies d’assistance n’a pas été vérifiée manuellement.</li>
<li>Les documents techniques téléchargeables (contrats signés au format JWS, preuves au format JSON, exports CSV) ne sont pas des documents bureautiques accessibles ; leur contenu est repris dans les pages.</li>
<li>La compatibilité avec les lecteurs d’écran et la navigation au clavier n’a pas été évaluée manuellement sur l’ensemble des parcours.</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie à partir des tests automatiques décrits ci-dessus, réalisés avec Chromium sans extension.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez à <a href="mailto:${info.contactEmail}">${info.contactEmail}</a> : nous vous indiquerons une autre façon d’y accéder ou vous transmettrons le contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez écrire au <a href="https://formulaire.defenseurdesdroits.fr/" target="_blank" rel="noopener" title="Défenseur des droits — nouvelle fenêtre">Défenseur des droits</a>, contacter le délégué du Défenseur des droits de votre région, ou écrire gratuitement, sans timbre, à : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>`,
  );
}

/** `/mentions-legales`. */
export function renderLegalNoticePage(info: LegalInfo, user?: User): SafeHtml {
  return page(
    'Mentions légales',
    user,
    html`
<h2>Éditeur</h2><p>${info.publisher}<br>${info.address}</p>
<h2>Directeur de la publication</h2><p>${info.director}</p>
<h2>Hébergement</h2><p>${info.host}</p>
<h2>Accessibilité</h2><p>Datapedia est ${ACCESSIBILITY_LEVEL} avec le RGAA 4.1 : voir la <a href="/accessibilite">déclaration d’accessibilité</a>.</p>
<h2>Réutilisation des contenus</h2><p>Sauf mention contraire, les contenus de ce site sont proposés sous licence Etalab 2.0. Le code source de Datapedia est ouvert.</p>
<h2>Sécurité</h2><p>Les échanges de données entre administrations sont authentifiés, autorisés par un contrat d’habilitation et inscrits dans un journal infalsifiable. Signalez toute faille de sécurité à <a href="mailto:${info.contactEmail}">${info.contactEmail}</a>.</p>`,
  );
}

/** `/donnees-personnelles`: the processing behind the service, the rights of people, cookies. */
export function renderPersonalDataPage(info: LegalInfo, user?: User): SafeHtml {
  return page(
    'Données personnelles et cookies',
    user,
    html`
<h2>Ce que fait Datapedia</h2>
<p>Datapedia permet aux administrations d’obtenir, auprès d’autres administrations, des informations qu’elles détiennent déjà sur vous (principe « Dites-le-nous une fois », articles L. 113-12 et L. 114-8 du code des relations entre le public et l’administration). Chaque échange repose sur une base légale ou sur votre consentement, et il est inscrit dans un journal infalsifiable que vous pouvez consulter.</p>
<h2>Données traitées</h2>
<ul>
<li>Pour chaque échange : l’administration qui demande, le producteur, la finalité, la base légale, la date, le résultat, et une empreinte (code non réversible) de votre identité. Le journal ne contient jamais les valeurs échangées.</li>
<li>Pour votre espace : votre identité transmise par FranceConnect, le temps de votre session.</li>
<li>Pour les agents : nom, adresse électronique professionnelle et rattachements, transmis par ProConnect.</li>
</ul>
<h2>Vos droits</h2>
<p>Vous pouvez consulter les échanges qui vous concernent dans l’espace « <a href="/moi">Qui a consulté mes données ?</a> », y gérer vos consentements, vous opposer aux échanges lorsque la loi le permet et signaler un accès suspect. Pour exercer vos droits d’accès, de rectification ou de limitation, écrivez au délégué à la protection des données : <a href="mailto:${info.dpoEmail}">${info.dpoEmail}</a>. Vous pouvez aussi adresser une réclamation à la <a href="https://www.cnil.fr/fr/plaintes" target="_blank" rel="noopener" title="CNIL — nouvelle fenêtre">CNIL</a>.</p>
<h2>Cookies</h2>
<p>Datapedia ne dépose que des cookies strictement nécessaires au service : un cookie de session, après votre connexion, et un jeton contre la falsification des formulaires. Ils sont exemptés de consentement et supprimés à la déconnexion ou à l’expiration de la session. Aucun cookie de mesure d’audience, de publicité ou de réseau social n’est déposé ; aucun outil tiers n’est chargé.</p>`,
  );
}

const SITE_MAP: { title: string; links: [string, string][] }[] = [
  {
    title: 'Catalogue',
    links: [
      ['/', 'Catalogue des données'],
      ['/catalogue/donnees', 'Dictionnaire des données'],
    ],
  },
  { title: 'Particuliers', links: [['/moi', 'Qui a consulté mes données ?']] },
  {
    title: 'Administrations',
    links: [
      ['/espace', 'Espace administrations : demandes d’habilitation'],
      ['/connexion', 'Connexion'],
    ],
  },
  {
    title: 'Contrôle',
    links: [
      ['/audit', 'Contrats sous revue'],
      ['/audit/registre', 'Registre des traitements'],
      ['/audit/cas', 'Cas'],
      ['/audit/journal', 'Journal et preuves'],
    ],
  },
  {
    title: 'Développeurs',
    links: [
      ['/docs', 'Documentation de l’API'],
      ['/openapi.json', 'Document OpenAPI (JSON)'],
    ],
  },
  {
    title: 'Informations',
    links: [
      ['/accessibilite', `Accessibilité : ${ACCESSIBILITY_LEVEL}`],
      ['/mentions-legales', 'Mentions légales'],
      ['/donnees-personnelles', 'Données personnelles et cookies'],
    ],
  },
];

/** `/plan-du-site`. */
export function renderSiteMapPage(user?: User): SafeHtml {
  return page(
    'Plan du site',
    user,
    html`<nav role="navigation" aria-label="Plan du site">${SITE_MAP.map((s) => html`<h2 class="fr-h4">${s.title}</h2><ul>${s.links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul>`)}</nav>`,
  );
}
