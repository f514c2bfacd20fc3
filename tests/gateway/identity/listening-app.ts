import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../helpers/app.js';

/**
 * The real app listening on 127.0.0.1 with PUBLIC_URL = its own address, for clients that use
 * real HTTP (openid-client as a third party, headless Chromium).
 */
export async function startListeningApp(): Promise<{ t: TestApp; url: string; close(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await startTestApp({ env: { PUBLIC_URL: url } });
  server.on('request', t.app);
  return {
    t,
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await t.stop();
    },
  };
}
