import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildFolders, runtimeAssets } from '../../bin/build.mjs';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

/**
 * The production build, for real: `npm run build` (bin/build.mjs) compiled into a clean folder
 * that holds only the build output, the command and package.json (node_modules linked), started
 * with NODE_ENV=production and strong secrets against a fresh database: migrations from dist/,
 * /readyz 200, no runtime warning. And the Dockerfile copies what that build needs.
 */

const ROOT = resolve('.');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
    });
    child.stderr.on('data', (d) => {
      out += d.toString();
    });
    child.once('exit', (code) => done({ code, out }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const secret = () => randomBytes(32).toString('base64url');

let folder: string;
let db: TestDatabase;
let build: { code: number | null; out: string };

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'dp-prod-'));
  // The build writes straight into the clean folder: nothing of the source tree comes along.
  build = await run(process.execPath, [join(ROOT, 'bin/build.mjs'), '--out', join(folder, 'dist')], ROOT);
  mkdirSync(join(folder, 'bin'));
  copyFileSync(join(ROOT, 'bin/datapedia.mjs'), join(folder, 'bin/datapedia.mjs'));
  copyFileSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
  db = await createTestDatabase({ migrated: false });
}, 240_000);

afterAll(async () => {
  await db?.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('npm run build', () => {
  test('compiles every folder of tsconfig.build.json to JavaScript, with every runtime asset beside it', () => {
    if (build.code !== 0) throw new Error(`build failed:\n${build.out}`);
    const dist = join(folder, 'dist');
    expect(readdirSync(dist).sort()).toEqual([...buildFolders()].sort());
    const files = filesUnder(dist);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(300);
    expect(runtimeAssets().filter((a) => !existsSync(join(dist, a)))).toEqual([]);
    // The assets the process reads at run time are among them (migrations, schemas, worker entry).
    expect(runtimeAssets().filter((a) => /\/migrations\/.*\.sql$/.test(a)).length).toBeGreaterThan(50);
    expect(runtimeAssets()).toEqual(expect.arrayContaining(['schemas/config.json', 'catalog/openapi/prepare-worker.mjs']));
  });
});

describe('the production entry point runs the compiled build', () => {
  test('NODE_ENV=production, strong secrets, demo off, fresh database: /readyz 200 and no runtime warning', async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: db.url,
      DEMO: 'false',
      LOG_LEVEL: 'info',
      SUBJECT_HMAC_SECRET: secret(),
      SESSION_SECRET: secret(),
      KEY_ENCRYPTION_SECRET: secret(),
      ADMIN_TOKEN: secret(),
    };
    const child: ChildProcess = spawn(process.execPath, ['bin/datapedia.mjs', 'start'], {
      cwd: folder,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d.toString();
    });
    child.stderr!.on('data', (d) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      let status = 0;
      for (const t0 = Date.now(); status !== 200 && Date.now() - t0 < 120_000;) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) {
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${stdout}\n${stderr}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Every line is a structured log below warn level (no library or runtime warning), but for the
      // one operator advice this configuration calls for: without pinned ledger keys, nothing is purged.
      expect(stderr).toBe('');
      const lines = stdout.split('\n').filter(Boolean);
      const notInfo = lines.filter((l) => {
        try {
          return (JSON.parse(l) as { level: number }).level >= 40;
        } catch {
          return true;
        }
      });
      expect(notInfo.map((l) => JSON.parse(l) as { level: number; msg: string })).toEqual([
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/^ledger retention job off: LEDGER_PINNED_KEYS is not set/) }),
      ]);
      // The migrations ran from dist/ against the empty database.
      const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(runtimeAssets().filter((a) => /\/migrations\/.*\.sql$/.test(a)).length);
    } finally {
      child.kill('SIGKILL');
    }
  }, 150_000);
});

describe('package.json engines', () => {
  const semver = createRequire(import.meta.url)('semver') as {
    subset(a: string, b: string): boolean;
    satisfies(v: string, r: string): boolean;
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
    dependencies: Record<string, string>;
  };

  test("declare only Node versions that every production dependency supports, this machine's included", () => {
    const narrower = Object.keys(pkg.dependencies).flatMap((name) => {
      const theirs = (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { engines?: { node?: string } })
        .engines?.node;
      return theirs && !semver.subset(pkg.engines.node, theirs) ? [`${name}: ${theirs}`] : [];
    });
    expect(narrower).toEqual([]);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});

describe('Dockerfile', () => {
  const stages = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split(/^FROM /m)
    .slice(1);
  const copies = (stage: string) =>
    [...stage.matchAll(/^COPY\s+(--from=\S+\s+)?(.+)$/gm)].map((m) => ({ from: m[1]?.trim(), args: m[2]!.trim().split(/\s+/) }));
  const sources = (stage: string) =>
    copies(stage)
      .filter((c) => !c.from)
      .flatMap((c) => c.args.slice(0, -1));

  test('the build stage copies every folder and file the build reads, then runs npm run build', () => {
    const buildStage = stages.find((s) => /^RUN npm run build$/m.test(s));
    expect(buildStage).toBeDefined();
    const needed = [...buildFolders(), 'bin', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
    expect(needed.filter((n) => !sources(buildStage!).includes(n))).toEqual([]);
  });

  test('the runtime stage holds only the build output, the command and production dependencies', () => {
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev/m);
    expect(copies(runtime).filter((c) => c.from)).toEqual([{ from: '--from=build', args: ['/app/dist', './dist'] }]);
    expect(sources(runtime).sort()).toEqual(['bin/datapedia.mjs', 'package-lock.json', 'package.json']);
    expect(runtime).toMatch(/^CMD \["node", "bin\/datapedia\.mjs", "start"\]$/m);
  });
});
