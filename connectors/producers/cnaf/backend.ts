import type { ConnectorConfig, RestConfig } from '../../config/types.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';
import { startCnafServer } from './server.js';

/** Starts the CNAF demo server and binds the REST connector configuration to its address. */
export async function startCnafBackend(config: ConnectorConfig, _folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const rest = config as RestConfig;
  if (rest.auth?.type !== 'oauth2_client_credentials') throw new TypeError('cnaf connector must use oauth2_client_credentials');
  const server = await startCnafServer({ clientId: rest.auth.clientId, clientSecret: rest.auth.clientSecret, host: ctx.host });
  return {
    config: { ...rest, baseUrl: server.url, auth: { ...rest.auth, tokenUrl: `${server.url}/oauth/token` } },
    stop: () => server.close(),
  };
}
