/** The contracts domain: habilitation requests and their workflow, signed contract versions, credentials, the OAuth2 authorisation server. */
export {
  createHabilitationRequest,
  updateHabilitationRequest,
  submitHabilitationRequest,
  reopenContract,
  getContract,
  listContracts,
  listContractEvents,
} from './requests.js';
export { approveHabilitationRequest, requestChanges, refuseHabilitationRequest } from './instruction.js';
export type { Decision } from './instruction.js';
export { changeContractStatus, expireContracts } from './lifecycle.js';
export { runContractsHousekeeping } from './housekeeping.js';
export type { LifecycleAction } from './lifecycle.js';
export {
  createContractClient,
  rotateClientSecret,
  revokeContractClient,
  listContractClients,
  createProducerClient,
  registerDemoClient,
} from './credentials.js';
export type { ClientRequest, IssuedClient, ClientView } from './credentials.js';
export { grantDelegation, acceptDelegation, endDelegation, getDelegation, listDelegations } from './delegations.js';
export type { DelegationView, DelegationStatus } from './delegations.js';
export {
  createEditorClient,
  rotateEditorSecret,
  revokeEditorClient,
  listEditorClients,
  registerDemoEditorClient,
} from './editor-credentials.js';
export type { EditorClientView } from './editor-credentials.js';
export { getContractArtefact } from './artefact-read.js';
export { hashClientSecret, verifyClientSecret } from './secret-hash.js';
export { createArtefactSigner, verifyArtefact, ARTEFACT_TYP } from './artefact.js';
export { createSigningKeys } from './keys.js';
export type { SigningKeys, SigningKeysOptions, KeyPurpose } from './keys.js';
export { verifyAccessToken, accessTokenKeys } from './verify-token.js';
export type { AccessTokenKeys } from './verify-token.js';
export { createContractDirectory } from './directory.js';
export { catalogueApiLookup } from './catalogue.js';
export type { ContractDirectory, DirectoryOptions } from './directory.js';
export type { ContractGrant, DelegationGrant, EditorAccess } from './grant.js';
export { issueAccessToken } from './oauth/token.js';
export type { TokenResponse, AccessTokenClaims } from './oauth/token.js';
export { introspectToken } from './oauth/introspect.js';
export { revokeToken } from './oauth/revoke.js';
export { authorizationServerMetadata } from './oauth/metadata.js';
export { OAuthError } from './oauth/errors.js';
export type { OAuthErrorCode } from './oauth/errors.js';
export type { AuthorizationServer, OAuthRequest } from './oauth/server.js';
export type { ContractView, ContractVersionView } from './view.js';
export type {
  ApiLookup,
  ApiTerms,
  Actor,
  ContractEvent,
  ContractsContext,
  EditorCredentialEvent,
  ContractStatus,
  VersionStatus,
  FieldDiff,
  GrantedTerms,
  HabilitationForm,
  Contact,
} from './types.js';
