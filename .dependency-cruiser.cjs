/**
 * Enforces the one-way dependencies of docs/architecture.md ("Folders"): gateway -> domains -> schemas,
 * and "other folders import a domain only through its index.ts".
 */
const DOMAINS = [
  'catalog',
  'contracts',
  'consent',
  'connectors',
  'ledger',
  'audit',
  'flows',
  'notify',
  'exchange',
  'identity',
  'indicators',
  'counter',
];
const ALLOWED = {
  catalog: ['schemas'],
  contracts: ['catalog', 'schemas'],
  consent: ['catalog', 'schemas'],
  connectors: ['schemas'],
  ledger: ['schemas'],
  audit: ['ledger', 'contracts', 'catalog', 'schemas'],
  flows: ['catalog', 'ledger', 'schemas'],
  notify: ['schemas'],
  // The exchange pipeline names the domain types its ports carry; no HTTP, no SQL.
  exchange: ['contracts', 'ledger', 'schemas'],
  // People's identity: schemas, and web for the embedded provider's error and logout pages.
  identity: ['schemas', 'web'],
  // Indicators: a read model over the ledger, contracts and audit; its reports go out through notify.
  indicators: ['audit', 'ledger', 'contracts', 'catalog', 'notify', 'schemas'],
  // The counter: use cases and data needs over the catalogue, recorded in the ledger, answers notified.
  counter: ['catalog', 'ledger', 'notify', 'schemas'],
};
/** Known exceptions to the domain rules (none today). */
const EXCEPTIONS = {};
const PROJECT = ['gateway', 'web', 'tests', 'bench', 'schemas', ...DOMAINS];

const domainRules = DOMAINS.map((d) => ({
  name: `${d}-imports-only-${ALLOWED[d].join('-')}`,
  comment: `${d}/ may import only ${ALLOWED[d].join(', ')} (docs/architecture.md, "Folders")`,
  severity: 'error',
  from: { path: `^${d}/`, ...(EXCEPTIONS[d] ? { pathNot: EXCEPTIONS[d] } : {}) },
  to: { path: `^(${PROJECT.filter((p) => p !== d && !ALLOWED[d].includes(p)).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...domainRules,
    {
      name: 'schemas-import-nothing',
      comment: 'schemas/ is the bottom layer: it imports no other project folder',
      severity: 'error',
      from: { path: '^schemas/' },
      to: { path: `^(${PROJECT.filter((p) => p !== 'schemas').join('|')})/` },
    },
    {
      name: 'web-is-called-by-gateway',
      comment: 'web/ renders pages for the gateway; it never imports the gateway, tests or benches',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(gateway|tests|bench)/' },
    },
    {
      name: 'nothing-imports-tests-or-bench',
      severity: 'error',
      from: { path: `^(${PROJECT.filter((p) => p !== 'tests' && p !== 'bench').join('|')})/` },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'domain-only-through-index',
      comment: 'other folders import a domain only through its index.ts (docs/architecture.md, "Folders")',
      severity: 'error',
      from: { path: '^([^/]+)/', pathNot: '^tests/' },
      to: {
        path: `^(${DOMAINS.join('|')}|schemas|web)/`,
        pathNot: [`^(${DOMAINS.join('|')}|schemas|web)/index\\.ts$`, '^$1/', '\\.json$'],
      },
    },
    {
      name: 'surfaces-never-import-each-other',
      comment:
        'gateway/rest, gateway/pages and gateway/graphql share what they need through gateway/services or gateway/http (docs/architecture.md, "Folders")',
      severity: 'error',
      from: { path: '^gateway/(rest|pages|graphql)/' },
      to: { path: '^gateway/(rest|pages|graphql)/', pathNot: '^gateway/$1/' },
    },
    {
      name: 'services-never-import-express',
      comment: 'gateway/services holds use cases shared by REST, pages and GraphQL: no HTTP framework types',
      severity: 'error',
      from: { path: '^gateway/services/' },
      to: { path: 'node_modules/(@types/)?express(-serve-static-core)?/' },
    },
    {
      name: 'services-never-import-surfaces',
      severity: 'error',
      from: { path: '^gateway/services/' },
      to: { path: '^gateway/(rest|pages|graphql|http)/' },
    },
    {
      name: 'exchange-imports-no-io-library',
      comment: 'exchange/ runs steps over ports: the I/O libraries live in the adapters (gateway/exchange-adapters)',
      severity: 'error',
      from: { path: '^exchange/' },
      to: { path: 'node_modules/(@types/)?(pg|pg-[^/]+|undici|express|express-serve-static-core|kafkajs)/' },
    },
    {
      name: 'only-the-process-opens-pools',
      comment: 'only compose.ts, background.ts, main.ts, gateway/process and gateway/cli build connections (a value import of pg)',
      severity: 'error',
      from: { path: '^gateway/', pathNot: '^gateway/(compose|background|main)\\.ts$|^gateway/(process|cli)/' },
      to: { path: 'node_modules/pg/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: 'node_modules' },
  },
};
