#!/usr/bin/env node
// The `datapedia` command. In production (NODE_ENV=production) it runs the compiled JavaScript of
// dist/ (`npm run build`); otherwise it runs the TypeScript sources through tsx (no build step).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

if (process.env.NODE_ENV === 'production') {
  const entry = new URL('../dist/gateway/cli/index.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) {
    console.error('datapedia: dist/ is missing; run `npm run build` first (NODE_ENV=production runs the compiled build)');
    process.exit(1);
  }
  await import(entry.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../gateway/cli/index.ts');
}
