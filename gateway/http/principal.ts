/** The principal types and checks live in schemas/ (identity/ and the services share them). */
export { hasOrgRole, hasPlatformRole } from '../../schemas/index.js';
export type { CitizenIdentity, Membership, OrgRole, PlatformRole, Principal } from '../../schemas/index.js';
