#!/usr/bin/env node
// `npm run build`: compiles the source folders of tsconfig.build.json to dist/ (ESM JavaScript) and
// copies their runtime assets (JSON schemas, SQL migrations, demo producers' files, worker entry)
// beside the compiled files, so that every path resolved from `import.meta.url` holds in dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folders compiled to dist/: the `include` of tsconfig.build.json (the one list). */
export function buildFolders() {
  return JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).include;
}

/** A runtime asset: any file of a compiled folder that is neither TypeScript nor documentation. */
export const isRuntimeAsset = (file) => !/\.(ts|md)$/.test(file);

/** Every runtime asset, as paths relative to the package root. */
export function runtimeAssets() {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isRuntimeAsset(entry.name)) out.push(path);
    }
  };
  for (const folder of buildFolders()) walk(folder);
  return out.sort();
}

/**
 * Compiles to `outDir` (default dist/ of the package root) and copies the runtime assets beside
 * the compiled files. Returns the number of assets copied; throws when tsc fails.
 */
export function build(outDir = join(root, 'dist')) {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${tsc.status})`);
  const assets = runtimeAssets();
  for (const asset of assets) {
    mkdirSync(dirname(join(outDir, asset)), { recursive: true });
    cpSync(join(root, asset), join(outDir, asset));
  }
  return assets.length;
}

// `node bin/build.mjs [--out DIR]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? resolve(process.argv[at + 1]) : join(root, 'dist');
  try {
    const copied = build(outDir);
    console.log(`${relative(process.cwd(), outDir) || '.'}: ${buildFolders().length} folders compiled, ${copied} runtime assets copied`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
