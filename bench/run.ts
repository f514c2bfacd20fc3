/**
 * `npm run bench`: runs the benchmark suites (not tests) and prints one table per suite.
 * `npm run bench -- catalog ledger` runs only the named suites.
 * Each suite is a module exporting `run(): Promise<BenchTable>`; adding one is one line below.
 */
import type { BenchTable } from './table.js';
import { printTable } from './table.js';

const SUITES: Record<string, () => Promise<{ run(): Promise<BenchTable> }>> = {
  ledger: () => import('./ledger.js'),
  audit: () => import('./audit.js'),
  exchange: () => import('./exchange.js'),
  connectors: () => import('./connectors.js'),
  identity: () => import('./identity.js'),
  catalog: () => import('./catalog.js'),
  oauth: () => import('./oauth.js'),
  trail: () => import('./trail.js'),
  flows: () => import('./flows.js'),
  indicators: () => import('./indicators.js'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(SUITES);
for (const name of names) {
  const load = SUITES[name];
  if (!load) {
    console.error(`unknown suite ${name}; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const table = await (await load()).run();
  printTable(name, table);
}
process.exit(0);
