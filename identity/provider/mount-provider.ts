import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type Provider from 'oidc-provider';

/**
 * The provider's node handler for an express mount. The provider runs with `proxy = true` and
 * this handler overwrites the forwarded host and protocol with those of PUBLIC_URL: whatever
 * Host a request came with (a reverse proxy, the loopback backchannel below), the endpoints
 * the provider publishes and redirects to are those of the public issuer.
 */
export function providerHandler(provider: Provider, publicUrl: string): RequestHandler {
  const callback = provider.callback();
  const { host, protocol } = new URL(publicUrl);
  return function embeddedOpenIdProvider(req, res) {
    req.headers['x-forwarded-host'] = host;
    req.headers['x-forwarded-proto'] = protocol.replace(/:$/, '');
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    callback(req, res);
  };
}

/** A loopback listener serving only the provider, for the relying party's backchannel calls. */
export interface Backchannel {
  /** `http://127.0.0.1:<port>`, started on first use. */
  origin(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The relying party's server-to-server calls (discovery, token, userinfo, JWKS) to the embedded
 * provider go to a private listener on 127.0.0.1 rather than to PUBLIC_URL, which the process
 * itself may not reach (tests run without a listening server; a container may not resolve its
 * public name). Browser traffic still goes through PUBLIC_URL.
 */
export function createBackchannel(handler: RequestHandler, mountPath: string): Backchannel {
  let server: Server | undefined;
  let starting: Promise<string> | undefined;
  return {
    origin() {
      starting ??= new Promise((resolve, reject) => {
        const app = express();
        app.disable('x-powered-by');
        app.use(mountPath || '/', handler);
        server = createServer(app);
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
      });
      return starting;
    },
    async close() {
      if (!server) return;
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
    },
  };
}
