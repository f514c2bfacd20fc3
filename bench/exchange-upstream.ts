/** The producer of the exchange benchmark: node:http answering ~1 KiB of JSON, in its own process. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH } from './exchange-world.js';

const body = JSON.stringify(BENCH.upstreamBody);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
let last = process.cpuUsage();
process.on('message', (m: { cmd: string }) => {
  if (m.cmd !== 'cpu') return;
  const now = process.cpuUsage();
  process.send!({ cpu: now.user - last.user + now.system - last.system });
  last = now;
});
