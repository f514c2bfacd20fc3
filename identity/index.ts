/** People's identity: OpenID Connect logins (ProConnect, FranceConnect, embedded provider), sessions, CSRF. */
export { createIdentity } from './create-identity.js';
export type { Identity } from './create-identity.js';
export { bearerToken } from './authenticators.js';
export type { Authenticator } from './authenticators.js';
export { requireCsrf } from './csrf.js';
export { identitySettings, EMBEDDED_CLIENT_IDS } from './settings.js';
export type { IdentityConfig, IdentitySettings, LoginKind, RelyingPartySettings } from './settings.js';
export type { ProviderAccounts } from './provider/create-provider.js';
export { EMBEDDED_ISSUER_ALIAS, citizenIdentity, agentIdentity } from './principal-from-claims.js';
export { insertMembership, findMembershipsByIdentity } from './store/memberships.js';
export type { MembershipRow } from './store/memberships.js';
export {
  ORG_ROLES,
  INVITATION_SCHEMA,
  ROLES_BODY_SCHEMA,
  APPOINT_SCHEMA,
  listOrganisationAgents,
  listOrganisationAgentLabels,
  inviteAgent,
  setAgentRoles,
  removeAgent,
  appointAdmin,
  bindInvitationsAtLogin,
} from './organisation-agents.js';
export type {
  AgentsActor,
  AgentsContext,
  AgentStatus,
  MembershipAction,
  MembershipChange,
  OrganisationAgent,
} from './organisation-agents.js';
export { SESSION_COOKIE, LOGIN_COOKIE, clearCookie, readCookie, setCookie } from './session/cookies.js';
export { beginLogin, completeLogin, safeReturnPath } from './login-flow.js';
