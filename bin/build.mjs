#!/usr/bin/env node
// `npm run build`: compiles the source folders of tsconfig.build.json to dist/ (ESM JavaScript) and
// copies their runtime assets (JSON schemas, SQL migrations, demo producers' files, worker entry)
// beside the compiled files, so that every path resolved from `import.meta.url` holds in dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  const assets = runtimeAssets();
  for (const asset of assets) {
    mkdirSync(dirname(join(dist, asset)), { recursive: true });
    cpSync(join(root, asset), join(dist, asset));
  }
  console.log(`dist/: ${buildFolders().length} folders compiled, ${assets.length} runtime assets copied (${relative(process.cwd(), dist) || '.'})`);
}
