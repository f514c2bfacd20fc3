/** Rewrites the configuration table of README.md from schemas/config.json (`node bin/run-ts.mjs bench/readme-config.ts`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { configMarkdownTable } from '../gateway/config.js';

const readme = readFileSync('README.md', 'utf8');
const [head, rest] = readme.split('<!-- config-table:start -->');
const tail = rest!.split('<!-- config-table:end -->')[1];
writeFileSync('README.md', `${head}<!-- config-table:start -->\n${configMarkdownTable()}<!-- config-table:end -->${tail}`);
