/**
 * Enforces the one-way dependencies of docs/architecture.md ("Folders"): gateway -> domains -> schemas,
 * and "other folders import a domain only through its index.ts".
 */
const DOMAINS = ['catalog', 'contracts', 'consent', 'connectors', 'ledger', 'audit', 'flows', 'notify'];
const ALLOWED = {
  catalog: ['schemas'],
  contracts: ['catalog', 'schemas'],
  consent: ['catalog', 'schemas'],
  connectors: ['schemas'],
  ledger: ['schemas'],
  audit: ['ledger', 'contracts', 'catalog', 'schemas'],
  flows: ['catalog', 'ledger', 'schemas'],
  notify: ['schemas'],
};
const PROJECT = ['gateway', 'web', 'tests', 'bench', 'schemas', ...DOMAINS];

const domainRules = DOMAINS.map((d) => ({
  name: `${d}-imports-only-${ALLOWED[d].join('-')}`,
  comment: `${d}/ may import only ${ALLOWED[d].join(', ')} (docs/architecture.md, "Folders")`,
  severity: 'error',
  from: { path: `^${d}/` },
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
