import { createHmac } from 'node:crypto';

/** What identity reads of the process configuration (gateway/config.ts gives it; structural, no import). */
export interface IdentityConfig {
  PUBLIC_URL: string;
  EMBEDDED_IDP: boolean;
  SESSION_TTL_SECONDS: number;
  SESSION_SECRET: string;
  SUBJECT_HMAC_SECRET: string;
  KEY_ENCRYPTION_SECRET: string;
  AGENT_OIDC_ISSUER?: string;
  AGENT_OIDC_CLIENT_ID?: string;
  AGENT_OIDC_CLIENT_SECRET?: string;
  AGENT_OIDC_SCOPES: string;
  AGENT_OIDC_ACR_VALUES?: string;
  CITIZEN_OIDC_ISSUER?: string;
  CITIZEN_OIDC_CLIENT_ID?: string;
  CITIZEN_OIDC_CLIENT_SECRET?: string;
  CITIZEN_OIDC_SCOPES: string;
  CITIZEN_OIDC_ACR_VALUES?: string;
}

export type LoginKind = 'agent' | 'citizen';

/** How Datapedia, as a relying party, reaches one OpenID provider. */
export interface RelyingPartySettings {
  kind: LoginKind;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** acr_values of the authorisation request (OIDC Core §3.1.2.1), if any. */
  acrValues?: string;
  redirectUri: string;
  /** True when the issuer is the embedded provider (backchannel stays inside the process). */
  embedded: boolean;
}

export interface IdentitySettings {
  publicUrl: string;
  /** `${PUBLIC_URL}/idp` when the embedded provider runs, else null. */
  embeddedIssuer: string | null;
  agent: RelyingPartySettings | null;
  citizen: RelyingPartySettings | null;
  sessionTtlSeconds: number;
  secureCookies: boolean;
  /** Secret of the embedded provider's cookies and of its built-in clients. */
  secret: string;
  subjectSecret: string;
  /** KEY_ENCRYPTION_SECRET: seals the embedded provider's keys and artefacts at rest. */
  keySecret: string;
}

/** A secret derived from SESSION_SECRET for one purpose (HMAC-SHA256, base64url). */
export function deriveSecret(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`datapedia:${purpose}`).digest('base64url');
}

export const EMBEDDED_CLIENT_IDS: Record<LoginKind, string> = { agent: 'datapedia-agents', citizen: 'datapedia-citoyens' };

function relyingParty(
  config: IdentityConfig,
  kind: LoginKind,
  embeddedIssuer: string | null,
  publicUrl: string,
): RelyingPartySettings | null {
  const prefix = kind === 'agent' ? 'AGENT' : 'CITIZEN';
  const issuer = config[`${prefix}_OIDC_ISSUER`];
  const acr = config[`${prefix}_OIDC_ACR_VALUES`];
  const base = {
    kind,
    scope: config[`${prefix}_OIDC_SCOPES`],
    ...(acr ? { acrValues: acr } : {}),
    redirectUri: `${publicUrl}/auth/${kind}/callback`,
  };
  if (issuer) {
    return {
      ...base,
      issuer,
      clientId: config[`${prefix}_OIDC_CLIENT_ID`]!,
      clientSecret: config[`${prefix}_OIDC_CLIENT_SECRET`]!,
      embedded: false,
    };
  }
  if (!embeddedIssuer) return null;
  // The embedded provider also plays a company representative (a `siren` claim, demo only).
  const scope = kind === 'citizen' && !/(^| )siren( |$)/.test(base.scope) ? `${base.scope} siren` : base.scope;
  return {
    ...base,
    scope,
    issuer: embeddedIssuer,
    clientId: EMBEDDED_CLIENT_IDS[kind],
    clientSecret: deriveSecret(config.SESSION_SECRET, `idp-client:${kind}`),
    embedded: true,
  };
}

/**
 * Identity settings from the configuration: ProConnect / FranceConnect when their issuer is
 * configured, the embedded provider otherwise (EMBEDDED_IDP, the default outside production).
 */
export function identitySettings(config: IdentityConfig): IdentitySettings {
  const publicUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  const embeddedIssuer = config.EMBEDDED_IDP ? `${publicUrl}/idp` : null;
  return {
    publicUrl,
    embeddedIssuer,
    agent: relyingParty(config, 'agent', embeddedIssuer, publicUrl),
    citizen: relyingParty(config, 'citizen', embeddedIssuer, publicUrl),
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    secureCookies: publicUrl.startsWith('https://'),
    secret: config.SESSION_SECRET,
    subjectSecret: config.SUBJECT_HMAC_SECRET,
    keySecret: config.KEY_ENCRYPTION_SECRET,
  };
}
