/** Name material of the synthetic population (common French names; no real person is meant). */
export const FAMILY_NAMES = [
  'MARTIN', 'BERNARD', 'THOMAS', 'PETIT', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT',
  'SIMON', 'MICHEL', 'LEFÈVRE', 'LEROY', 'ROUX', 'DAVID', 'BERTRAND', 'MOREL', 'FOURNIER', 'GIRARD',
  'BONNET', 'DUPONT', 'LAMBERT', 'FONTAINE', 'ROUSSEAU', 'VINCENT', 'MULLER', 'LEFEBVRE', 'FAURE', 'ANDRÉ',
  'MERCIER', 'BLANC', 'GUÉRIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANÇOIS', 'LEGRAND', 'GAUTHIER', 'GARCIA',
  'PERRIN', 'ROBIN', 'CLÉMENT', 'MORIN', 'NICOLAS', 'HENRY', 'ROUSSEL', 'MATHIEU', 'GAUTIER', 'MASSON',
  "N'DIAYE", 'BENALI', 'NGUYEN', 'DA SILVA', 'LE GALL', 'KERGOAT', 'ETCHEVERRY', 'OULD BRAHIM', 'TRAORÉ', 'HADDAD',
] as const;

export const FEMALE_GIVEN_NAMES = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Sarah', 'Emma', 'Jade', 'Louise', 'Zoé',
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Sophie', 'Hélène', 'Anaïs', 'Yasmine', 'Aïcha',
  'Élodie', 'Margaux', 'Océane', 'Clémence', 'Françoise',
] as const;

export const MALE_GIVEN_NAMES = [
  'Lucas', 'Hugo', 'Louis', 'Nathan', 'Gabriel', 'Arthur', 'Jules', 'Enzo', 'Adam', 'Raphaël',
  'Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Nicolas', 'Thomas', 'Julien', 'Karim', 'Mamadou',
  'Théo', 'Noé', 'Maël', 'Benoît', 'François',
] as const;

/** COG codes of birth communes (arrondissements for Paris, Lyon, Marseille, as civil registers do). */
export const BIRTH_COMMUNES = [
  '75115', '75118', '69383', '13205', '33063', '31555', '59350', '44109', '67482', '35238',
  '34172', '06088', '21231', '63113', '87085', '29019', '97411', '2A004', '76540', '38185',
] as const;

/** COG codes of foreign birth countries (born abroad: no birth commune). */
export const BIRTH_COUNTRIES_ABROAD = ['99350', '99134', '99139', '99352', '99341', '99109'] as const;

/** Words of synthetic company names. */
export const COMPANY_WORDS = [
  'Atelier', 'Boulangerie', 'Menuiserie', 'Transports', 'Conseil', 'Numérique', 'Jardins', 'Habitat', 'Optique', 'Pharmacie',
  'Garage', 'Imprimerie', 'Fromagerie', 'Cabinet', "Bureau d'études", 'Librairie', 'Brasserie', 'Plomberie', 'Électricité', 'Cycles',
] as const;

export const COMPANY_PLACES = [
  'du Rhône', 'de la Garonne', 'des Alpes', 'du Vieux-Port', 'de Bretagne', 'du Lac', 'des Halles', 'de la Loire', 'du Nord', 'des Vignes',
] as const;
