import { join } from 'node:path';
import type { ConnectorConfig, SoapConfig } from '../../config/types.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';
import { startCnousServer } from './server.js';

/** Starts the CNOUS SOAP service and binds the connector to its WSDL file and address. */
export async function startCnousBackend(config: ConnectorConfig, folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const server = await startCnousServer(folder, ctx.host);
  const soapConfig = config as SoapConfig;
  return { config: { ...soapConfig, wsdl: join(folder, soapConfig.wsdl), endpoint: server.endpoint }, stop: () => server.close() };
}
