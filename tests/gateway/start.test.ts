import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `npm start` without DATABASE_URL: embedded PostgreSQL, migrations, demo, HTTP — for real. */

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return Date.now() - t0;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`${url} not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

const ADMIN = 'start-test-admin-token-0123456789abcdef';
let dataDir: string;
let env: NodeJS.ProcessEnv;
let port: number;
let pgPort: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dp-start-'));
  port = await freePort();
  pgPort = await freePort();
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    DATA_DIR: dataDir,
    ADMIN_TOKEN: ADMIN,
    LOG_LEVEL: 'warn',
    PUBLIC_URL: `http://localhost:${port}`,
  };
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function start(): ChildProcess {
  const child = spawn(process.execPath, ['bin/datapedia.mjs', 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  // Logs are shown only when the process fails (pino writes to stdout).
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d.toString();
  });
  child.once('exit', (code) => {
    if (code !== 0) process.stderr.write(out);
  });
  return child;
}

describe('one command starts Datapedia on an embedded PostgreSQL', () => {
  test('first start: ready within 60 s, demo loaded, in-flight request finished on SIGTERM, PostgreSQL stopped', async () => {
    const child = start();
    const done = exited(child);
    try {
      await waitFor(`http://127.0.0.1:${port}/readyz`, 60_000);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      const orgs = (await (
        await fetch(`http://127.0.0.1:${port}/v1/organisations?limit=200`, { headers: { Authorization: `Bearer ${ADMIN}` } })
      ).json()) as { items: unknown[] };
      expect(orgs.items.length).toBeGreaterThanOrEqual(5);

      // An in-flight request: headers sent, body still coming when SIGTERM arrives.
      const sock = createConnection({ port, host: '127.0.0.1' });
      await new Promise((r) => sock.once('connect', r));
      const body = JSON.stringify({ query: '{ _version }' });
      sock.write(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
      );
      let answer = '';
      sock.on('data', (d) => {
        answer += d.toString();
      });
      const closed = new Promise((r) => sock.once('close', r));
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      sock.write(body.slice(5));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toContain('"_version":"1"');
      expect(await done).toBe(0);
      expect(await portOpen(pgPort)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  test('second start finds its data again; Ctrl-C (SIGINT) stops PostgreSQL too', async () => {
    const child = start();
    const done = exited(child);
    try {
      await waitFor(`http://127.0.0.1:${port}/readyz`, 60_000);
      const orgs = (await (
        await fetch(`http://127.0.0.1:${port}/v1/organisations?limit=200`, { headers: { Authorization: `Bearer ${ADMIN}` } })
      ).json()) as { items: unknown[] };
      expect(orgs.items.length).toBeGreaterThanOrEqual(5);
      child.kill('SIGINT');
      expect(await done).toBe(0);
      expect(await portOpen(pgPort)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
