/** The catalogue domain: organisations (the directory of administrations), producer APIs, data dictionary. */
export {
  createOrganisation,
  getOrganisation,
  findOrganisations,
  listOrganisations,
  updateOrganisation,
  countOrganisations,
} from './organisations.js';
export type { Organisation, OrganisationInput, OrganisationPatch, OrganisationKind, OrganisationRole, Page } from './organisations.js';
export { createApi, getApi, listApis, listApiRetentions, updateApi, getApiConnector, setApiConnector, PUBLIC_LIFECYCLES } from './apis.js';
export type { ApiInput, ApiPatch } from './apis.js';
export { transitionApi } from './lifecycle.js';
export type { LifecycleTransition } from './lifecycle.js';
export { importOpenApi, prepareImport, prepareInProcess } from './import-openapi.js';
export type { ImportResult } from './import-openapi.js';
export { listEndpoints, getEndpoint, listVersions, getOpenApiDocument } from './endpoints.js';
export { listScopes, setScopes } from './scopes.js';
export { maskResponse, fieldsDelivered, fieldCovers } from './mask-response.js';
export {
  resolveEndpoint,
  createEndpointResolver,
  compilePathTemplate,
  invalidateResolvedApi,
  RESOLVER_TTL_MS,
} from './resolve-endpoint.js';
export type { ResolvedEndpoint, EndpointResolver } from './resolve-endpoint.js';
export { putDataElement, getDataElement, listDataElements, listFieldLinks, setFieldLinks, dataElementsForFields } from './data-elements.js';
export { searchCatalog, DEFAULT_SEARCH_KINDS } from './search.js';
export type { SearchQuery, SearchHit, SearchKind } from './search.js';
export { putSearchDocument, removeSearchDocument } from './search-documents.js';
export type { SearchDocument, SearchDocumentKind } from './search-documents.js';
export { DATA_ELEMENTS } from './dictionary.js';
export { listSchemaFields, ANY } from './openapi/fields.js';
export type {
  Api,
  ApiContact,
  ApiVersion,
  Access,
  ConsentPolicy,
  DataElement,
  DataElementCarrier,
  Endpoint,
  EndpointChange,
  EndpointParameter,
  LegalSource,
  Lifecycle,
  Scope,
  Sensitivity,
  SubjectKind,
  VersionDiff,
} from './types.js';
