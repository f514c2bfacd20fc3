/** Rewrites the configuration table of README.md from schemas/config.json (`node bin/run-ts.mjs bench/readme-config.ts`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSchema } from '../schemas/index.js';

const props = loadSchema('config.json').properties as Record<string, { type?: string | string[]; default?: unknown; description?: string }>;
const rows = Object.entries(props).map(([name, p]) => `| \`${name}\` | ${[p.type ?? ''].flat().join(' ')} | ${p.default === undefined ? '—' : `\`${String(p.default)}\``} | ${p.description ?? ''} |`);
const table = `| variable | type | default | meaning |\n|---|---|---|---|\n${rows.join('\n')}\n`;
const readme = readFileSync('README.md', 'utf8');
const [head, rest] = readme.split('<!-- config-table:start -->');
const tail = rest!.split('<!-- config-table:end -->')[1];
writeFileSync('README.md', `${head}<!-- config-table:start -->\n${table}<!-- config-table:end -->${tail}`);
