import type { DataElement, LegalSource } from './types.js';

/**
 * The reference data dictionary of the demo world: what each piece of data exchanged through
 * Datapedia means, its format (a schema of `schemas/` or an inline JSON Schema), who it is
 * about, how sensitive it is and which text allows the exchange. Seeded by `datapedia demo`.
 */
const CRPA: LegalSource = { label: 'Code des relations entre le public et l’administration, articles L. 114-8 et R. 114-9-3 (échanges de données entre administrations)', url: null };
const CSS: LegalSource = { label: 'Code de la sécurité sociale, articles L. 114-12-1 et L. 512-1 ; Code des relations entre le public et l’administration, article L. 114-8', url: null };
const CGI: LegalSource = { label: 'Code général des impôts, article 1417 (revenu fiscal de référence) et article 194 (nombre de parts) ; Livre des procédures fiscales, article L. 135 ZM', url: null };
const EDUC: LegalSource = { label: 'Code de l’éducation, articles L. 821-1 et D. 821-1 (aides aux étudiants)', url: null };
const TRAVAIL: LegalSource = { label: 'Code du travail, article L. 5411-1 (inscription sur la liste des demandeurs d’emploi) et article L. 5312-1', url: null };
const SIRENE: LegalSource = { label: 'Code de commerce, articles R. 123-220 à R. 123-234 (répertoire SIRENE) — données publiques, Licence Ouverte 2.0', url: 'https://www.sirene.fr/' };
const COG: LegalSource = { label: 'Code officiel géographique (INSEE) — données publiques, Licence Ouverte 2.0', url: 'https://www.insee.fr/fr/information/2560452' };
const CIVIL: LegalSource = { label: 'Code civil, articles 34 et 57 (actes de naissance) ; identité pivot FranceConnect (arrêté du 8 novembre 2018)', url: null };

type Kind = DataElement['subjectKind'];
type Sens = DataElement['sensitivity'];

function el(id: string, label: string, definition: string, format: DataElement['format'], subjectKind: Kind, sensitivity: Sens, legalSource: LegalSource, updateFrequency: string): DataElement {
  return { id, label, definition, format, subjectKind, sensitivity, legalSource, updateFrequency };
}
const str = (extra: object = {}): DataElement['format'] => ({ inline: { type: 'string', ...extra } });
const int = (extra: object = {}): DataElement['format'] => ({ inline: { type: 'integer', ...extra } });
const date: DataElement['format'] = { inline: { type: 'string', format: 'date' } };
const bool: DataElement['format'] = { inline: { type: 'boolean' } };

export const DATA_ELEMENTS: DataElement[] = [
  // Family benefits (CNAF)
  el('quotient_familial', 'Quotient familial', 'Ressources mensuelles du foyer divisées par le nombre de parts, calculées par la caisse d’allocations familiales. Sert à la tarification sociale (cantine, crèche, centre de loisirs).', { schema: 'quotient-familial.json', pointer: '/properties/valeur' }, 'person', 'sensitive', CSS, 'mensuelle'),
  el('quotient_familial_annee', 'Année du quotient familial', 'Année du mois de référence pour lequel le quotient familial est calculé.', { schema: 'quotient-familial.json', pointer: '/properties/annee' }, 'person', 'standard', CSS, 'mensuelle'),
  el('quotient_familial_mois', 'Mois du quotient familial', 'Mois de référence (1 à 12) pour lequel le quotient familial est calculé.', { schema: 'quotient-familial.json', pointer: '/properties/mois' }, 'person', 'standard', CSS, 'mensuelle'),
  el('regime_prestations_familiales', 'Régime de prestations familiales', 'Organisme qui verse les prestations familiales et a calculé le quotient : CNAF (caisses d’allocations familiales) ou MSA (mutualité sociale agricole).', { schema: 'quotient-familial.json', pointer: '/properties/fournisseur' }, 'person', 'standard', CSS, 'à chaque changement de régime'),
  el('numero_allocataire', 'Numéro d’allocataire', 'Identifiant du dossier de l’allocataire auprès de sa caisse d’allocations familiales.', str({ pattern: '^[0-9]{7}$' }), 'person', 'sensitive', CSS, 'à l’ouverture du dossier'),
  el('composition_foyer_allocataires', 'Allocataires du foyer', 'Allocataire et conjoint du foyer, avec leurs noms, prénoms et dates de naissance.', { inline: { type: 'array', items: { type: 'object' } } }, 'person', 'sensitive', CSS, 'mensuelle'),
  el('composition_foyer_enfants', 'Enfants à charge', 'Enfants à charge du foyer au sens des prestations familiales, avec leurs noms, prénoms et dates de naissance.', { inline: { type: 'array', items: { type: 'object' } } }, 'person', 'sensitive', CSS, 'mensuelle'),
  // Tax (DGFiP)
  el('revenu_fiscal_reference', 'Revenu fiscal de référence', 'Montant des revenus du foyer fiscal retenu par l’administration fiscale, figurant sur l’avis d’impôt ; ouvre droit à de nombreuses aides et tarifs sociaux.', int({ minimum: 0 }), 'person', 'sensitive', CGI, 'annuelle'),
  el('nombre_parts', 'Nombre de parts fiscales', 'Nombre de parts du quotient familial fiscal du foyer, selon la situation de famille et les personnes à charge.', { inline: { type: 'number', minimum: 1, multipleOf: 0.25 } }, 'person', 'sensitive', CGI, 'annuelle'),
  el('situation_familiale', 'Situation de famille (fiscale)', 'Situation de famille déclarée à l’administration fiscale : célibataire, marié, pacsé, divorcé, veuf.', str(), 'person', 'sensitive', CGI, 'annuelle'),
  el('numero_fiscal', 'Numéro fiscal', 'Identifiant fiscal de la personne (13 chiffres), figurant sur l’avis d’impôt.', str({ pattern: '^[0-9]{13}$' }), 'person', 'sensitive', CGI, 'permanent'),
  el('annee_revenus', 'Année des revenus', 'Année des revenus sur lesquels porte l’avis d’impôt.', int({ minimum: 2000 }), 'person', 'standard', CGI, 'annuelle'),
  // Identity (civil status)
  el('nom_naissance', 'Nom de naissance', 'Nom de famille figurant sur l’acte de naissance.', { schema: 'identite-pivot.json', pointer: '/properties/family_name' }, 'person', 'standard', CIVIL, 'rare (changement de nom)'),
  el('prenoms', 'Prénoms', 'Prénoms figurant sur l’acte de naissance, dans l’ordre.', { schema: 'identite-pivot.json', pointer: '/properties/given_name' }, 'person', 'standard', CIVIL, 'rare'),
  el('date_naissance', 'Date de naissance', 'Date de naissance figurant sur l’acte de naissance.', { schema: 'identite-pivot.json', pointer: '/properties/birthdate' }, 'person', 'standard', CIVIL, 'permanent'),
  el('adresse_postale', 'Adresse postale', 'Adresse de résidence ou de correspondance, structurée selon la norme AFNOR NF Z10-011.', { schema: 'adresse.json' }, 'person', 'sensitive', CRPA, 'à chaque déménagement'),
  // Student grants (CNOUS)
  el('statut_boursier', 'Statut d’étudiant boursier', 'Indique si l’étudiant bénéficie d’une bourse sur critères sociaux pour l’année universitaire.', bool, 'person', 'sensitive', EDUC, 'annuelle (à chaque décision)'),
  el('echelon_bourse', 'Échelon de bourse', 'Échelon de la bourse sur critères sociaux, de 0 bis à 7, qui fixe son montant.', str({ pattern: '^(0bis|[0-7])$' }), 'person', 'sensitive', EDUC, 'annuelle'),
  el('annee_universitaire', 'Année universitaire', 'Année universitaire à laquelle se rapporte la bourse (ex. 2025-2026).', str({ pattern: '^[0-9]{4}-[0-9]{4}$' }), 'person', 'standard', EDUC, 'annuelle'),
  el('statut_validation_bourse', 'Statut de validation de la bourse', 'État de la décision de bourse : définitive ou conditionnelle.', str(), 'person', 'standard', EDUC, 'à chaque décision'),
  el('etablissement_enseignement_superieur', 'Établissement d’inscription', 'Établissement d’enseignement supérieur où l’étudiant est inscrit.', str(), 'person', 'standard', EDUC, 'annuelle'),
  el('ville_etudes', 'Ville d’études', 'Commune de l’établissement d’inscription.', str(), 'person', 'standard', EDUC, 'annuelle'),
  // Employment (France Travail)
  el('inscrit_demandeur_emploi', 'Inscrit comme demandeur d’emploi', 'Indique si la personne est inscrite sur la liste des demandeurs d’emploi à la date de la demande.', bool, 'person', 'sensitive', TRAVAIL, 'quotidienne'),
  el('identifiant_france_travail', 'Identifiant France Travail', 'Identifiant du demandeur d’emploi auprès de France Travail.', str(), 'person', 'sensitive', TRAVAIL, 'à l’inscription'),
  el('date_inscription_demandeur_emploi', 'Date d’inscription', 'Date de la dernière inscription sur la liste des demandeurs d’emploi.', date, 'person', 'sensitive', TRAVAIL, 'à chaque inscription'),
  el('date_cessation_inscription', 'Date de cessation d’inscription', 'Date à laquelle l’inscription a pris fin, le cas échéant.', { inline: { type: ['string', 'null'], format: 'date' } }, 'person', 'sensitive', TRAVAIL, 'à chaque radiation'),
  el('categorie_inscription', 'Catégorie d’inscription', 'Code de la catégorie de demandeur d’emploi (1 à 5).', str({ pattern: '^[1-5]$' }), 'person', 'sensitive', TRAVAIL, 'mensuelle'),
  el('categorie_inscription_libelle', 'Libellé de la catégorie d’inscription', 'Libellé de la catégorie de demandeur d’emploi.', str(), 'person', 'sensitive', TRAVAIL, 'mensuelle'),
  // Company register (INSEE SIRENE)
  el('siren', 'Numéro SIREN', 'Identifiant à 9 chiffres d’une unité légale (entreprise, association, administration) au répertoire SIRENE.', { schema: 'entreprise.json', pointer: '/$defs/siren' }, 'company', 'standard', SIRENE, 'permanent'),
  el('denomination', 'Dénomination', 'Raison sociale d’une personne morale ou nom d’un entrepreneur individuel au répertoire SIRENE.', { schema: 'entreprise.json', pointer: '/properties/denomination' }, 'company', 'standard', SIRENE, 'quotidienne'),
  el('categorie_juridique', 'Catégorie juridique', 'Code à 4 chiffres de la forme juridique de l’unité légale (SAS, SARL, association...).', { schema: 'entreprise.json', pointer: '/properties/categorie_juridique' }, 'company', 'standard', SIRENE, 'quotidienne'),
  el('categorie_juridique_libelle', 'Libellé de la catégorie juridique', 'Libellé de la forme juridique de l’unité légale.', str(), 'company', 'standard', SIRENE, 'quotidienne'),
  el('activite_principale', 'Activité principale (code NAF)', 'Code de l’activité principale exercée, dans la nomenclature d’activités française (NAF rév. 2).', str({ pattern: '^[0-9]{2}\\.[0-9]{2}[A-Z]$' }), 'company', 'standard', SIRENE, 'quotidienne'),
  el('activite_principale_libelle', 'Libellé de l’activité principale', 'Libellé de l’activité principale exercée (NAF rév. 2).', str(), 'company', 'standard', SIRENE, 'quotidienne'),
  el('date_creation_entreprise', 'Date de création', 'Date de création de l’unité légale.', date, 'company', 'standard', SIRENE, 'permanent'),
  el('etat_administratif', 'État administratif', 'Unité légale active ou cessée.', str({ enum: ['actif', 'cesse'] }), 'company', 'standard', SIRENE, 'quotidienne'),
  el('tranche_effectifs', 'Tranche d’effectif salarié', 'Tranche d’effectif salarié de l’unité légale (code INSEE).', str(), 'company', 'standard', SIRENE, 'annuelle'),
  el('siret_siege', 'SIRET du siège', 'Numéro SIRET de l’établissement siège de l’unité légale.', { schema: 'entreprise.json', pointer: '/$defs/siret' }, 'company', 'standard', SIRENE, 'à chaque transfert de siège'),
  el('code_commune_siege', 'Commune du siège', 'Code COG INSEE de la commune du siège.', { schema: 'adresse.json', pointer: '/$defs/code_commune' }, 'company', 'standard', SIRENE, 'à chaque transfert de siège'),
  // Communes referential (open data)
  el('code_commune', 'Code commune (COG)', 'Code officiel géographique INSEE d’une commune, sur 5 caractères (2A/2B pour la Corse). À ne pas confondre avec le code postal.', { schema: 'adresse.json', pointer: '/$defs/code_commune' }, 'none', 'standard', COG, 'annuelle (1er janvier)'),
  el('nom_commune', 'Nom de la commune', 'Libellé officiel de la commune dans le Code officiel géographique.', str(), 'none', 'standard', COG, 'annuelle'),
  el('code_departement', 'Code département', 'Code INSEE du département de la commune.', { schema: 'adresse.json', pointer: '/$defs/code_departement' }, 'none', 'standard', COG, 'annuelle'),
  el('code_region', 'Code région', 'Code INSEE de la région de la commune.', { schema: 'adresse.json', pointer: '/$defs/code_region' }, 'none', 'standard', COG, 'annuelle'),
  el('codes_postaux', 'Codes postaux', 'Codes postaux desservant la commune (La Poste).', { inline: { type: 'array', items: { type: 'string', pattern: '^[0-9]{5}$' } } }, 'none', 'standard', COG, 'annuelle'),
  el('population_commune', 'Population municipale', 'Population municipale légale de la commune (recensement INSEE).', int({ minimum: 0 }), 'none', 'standard', COG, 'annuelle'),
];
