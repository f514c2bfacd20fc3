import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy of the test's own in front of the machine's PostgreSQL: `cut()` drops every
 * connection and refuses new ones (the database "goes away" for the gateway), `restore()`
 * lets connections through again. The machine's server itself is never touched.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  /** A silent partition: connections stay open but nothing goes through. */
  freeze(): void;
  /** Ends a cut or a freeze (frozen connections are dropped: their streams are now unusable). */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  let frozen = false;
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    freeze() {
      frozen = true;
    },
    restore() {
      if (frozen) for (const s of sockets) s.destroy();
      frozen = false;
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
