/**
 * A second gateway on a busy port stops with one clear log line and a non-zero exit code, not an
 * unhandled EADDRINUSE stack.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

let db: TestDatabase;
let busy: Server;
let port: number;

beforeAll(async () => {
  db = await createTestDatabase();
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  port = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => busy.close(r));
  await db.drop();
});

test('the second gateway logs "port déjà utilisé" and exits non-zero', async () => {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    DEMO: 'false',
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    PUBLIC_URL: `http://localhost:${port}`,
    EMBEDDED_IDP: 'false',
  };
  const child = spawn(process.execPath, ['bin/datapedia.mjs', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  const code = await new Promise<number | null>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (c) => {
      clearTimeout(kill);
      resolve(c);
    });
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(out).toMatch(/déjà utilisé/);
  expect(out).toMatch(/port already in use/);
  expect(out).not.toMatch(/Unhandled 'error' event|at Server\.setupListenHandle/);
}, 90_000);
