/**
 * The reference Node proxy of the exchange benchmark: what anyone writes in fifteen lines with
 * node:http and an undici Pool — forward the path, parse the JSON answer, serialise it again.
 *   exchange-proxy.ts <upstream url>   (IPC: { ready, url }; 'cpu' -> { cpu } as exchange-child.ts)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new Pool(process.argv[2]!, { connections: 32 });
const server = createServer(async (req, res) => {
  try {
    const path = req.url!.replace(/^\/exchange\/[^/]+/, '');
    const up = await upstream.request({ method: 'GET', path });
    const body = JSON.stringify({ data: await up.body.json(), meta: { exchangeId: crypto.randomUUID() } });
    res.writeHead(up.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
let last = process.cpuUsage();
process.on('message', (m: { cmd: string }) => {
  if (m.cmd !== 'cpu') return;
  const now = process.cpuUsage();
  process.send!({ cpu: now.user - last.user + now.system - last.system });
  last = now;
});
server.listen(0, '127.0.0.1', () => process.send!({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
