/** The catalogue domain: organisations (the directory of administrations), producer APIs, data dictionary. */
export { createOrganisation, getOrganisation, findOrganisations, listOrganisations, updateOrganisation, countOrganisations } from './organisations.js';
export type { Organisation, OrganisationInput, OrganisationPatch, OrganisationKind, OrganisationRole, Page } from './organisations.js';
