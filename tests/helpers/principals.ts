import type { Request } from 'express';
import type { Authenticator } from '../../gateway/http/auth.js';
import type { Principal } from '../../gateway/http/principal.js';

/**
 * A test-only authenticator: `X-Test-Principal: <name>` selects one of the given principals.
 * It stands in for the OIDC session where a test is about authorisation, not login.
 */
export function testPrincipals(principals: Record<string, Omit<Principal, 'via'>>): Authenticator {
  return async function authenticateTestPrincipal(req: Request) {
    const name = req.headers['x-test-principal'];
    if (typeof name !== 'string') return null;
    const p = principals[name];
    return p ? { ...p, via: 'bearer' } : null;
  };
}
