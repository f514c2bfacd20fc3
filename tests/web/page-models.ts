/**
 * Demo-like view models for every page renderer of web/, rendered to HTML: the names, codes and
 * states the demo world holds (contracts in every state, exchanges served, denied and failed,
 * consents, cases, auditors), so a test can read each page as a person would.
 */
import * as web from '../../web/index.js';
import type { Api, ApiVersion, DataElement, Endpoint, Scope } from '../../catalog/index.js';
import type { ApiStats } from '../../audit/index.js';
import * as flows from '../../web/flows/pages.js';

const NOW = '2026-11-29T09:15:00.000Z';
const CNAF = '18000100000017';
const LYON = '21690123100011';
const user = { name: 'Camille Martin', csrfToken: 'jeton-csrf-de-test' };
const header = { name: user.name, logoutUrl: '/auth/logout' };

const api: Api = {
  id: 'a1',
  slug: 'cnaf-quotient-familial',
  producerSiret: CNAF,
  title: 'Quotient familial CAF',
  description:
    'Le quotient familial et la composition du foyer, pour la tarification sociale des cantines, des crèches et des centres de loisirs des collectivités.',
  version: '3.1.0',
  lifecycle: 'published',
  sunsetDate: null,
  deprecationNotice: null,
  access: 'restricted',
  sensitivity: 'highly_sensitive',
  subjectKind: 'person',
  consentPolicy: 'consent_required',
  rateLimitPerMinute: 120,
  contact: { name: 'Équipe API', email: 'api@cnaf.example' },
  documentationUrl: null,
  createdAt: NOW,
  updatedAt: NOW,
} as Api;
const openApi: Api = {
  ...api,
  id: 'a2',
  slug: 'insee-cog',
  title: 'Code officiel géographique',
  access: 'open',
  sensitivity: 'standard',
  subjectKind: 'none',
  consentPolicy: 'none',
  producerSiret: '12000500400011',
} as Api;
const endpoint = {
  id: 'e1',
  operationId: 'getQuotientFamilial',
  method: 'get',
  pathTemplate: '/v1/quotient-familial',
  summary: 'Quotient familial du foyer',
  description: '',
  tags: [],
  deprecated: false,
  parameters: [],
  fields: ['/quotientFamilial', '/allocataires/0/nomNaissance'],
} as unknown as Endpoint;
const scopes: Scope[] = [
  { name: 'quotient_familial', label: 'Quotient familial', pointers: ['/quotientFamilial'] },
  { name: 'declarant', label: 'Identité du déclarant', pointers: ['/allocataires'] },
];
const element: DataElement = {
  id: 'quotient_familial',
  label: 'Quotient familial',
  definition: 'Ressources du foyer divisées par le nombre de parts, calculé chaque mois par la CAF.',
  format: { inline: { type: 'integer', minimum: 0 } },
  subjectKind: 'person',
  sensitivity: 'sensitive',
  legalSource: { label: 'Code de la sécurité sociale, art. L. 521-1', url: 'https://www.legifrance.gouv.fr/' },
  updateFrequency: 'Mensuelle',
};
const elements: DataElement[] = [
  element,
  { ...element, id: 'echelon_bourse', label: 'Échelon de bourse', sensitivity: 'standard' },
  { ...element, id: 'adresse', label: 'Adresse', sensitivity: 'standard' },
];
const version = {
  seq: 1,
  version: '3.1.0',
  openapiVersion: '3.1.0',
  sourceSha256: 'x',
  importedAt: NOW,
  importedBy: null,
  diff: null,
  warnings: [],
} as ApiVersion;
const stats: ApiStats = {
  api: { slug: api.slug, title: api.title },
  threshold: 10,
  from: '2026-06-01',
  to: '2026-11-30',
  months: [
    {
      month: '2026-09',
      suppressed: true,
      exchanges: null,
      served: null,
      denied: null,
      failed: null,
      consumers: null,
      latencyMs: { p50: null, p95: null },
      availability: null,
    },
    {
      month: '2026-10',
      suppressed: false,
      exchanges: 1240,
      served: 1200,
      denied: 30,
      failed: 10,
      consumers: 4,
      latencyMs: { p50: 85, p95: 240 },
      availability: 0.9917,
    },
    {
      month: '2026-11',
      suppressed: false,
      exchanges: 980,
      served: 960,
      denied: 15,
      failed: 5,
      consumers: 5,
      latencyMs: { p50: 80, p95: 210 },
      availability: 0.9948,
    },
  ],
};

const form = {
  intitule: 'Tarification sociale de la cantine',
  description: 'Calcul du tarif',
  scopes: ['quotient_familial'],
  cadre_juridique_nature: 'Code de l’action sociale, art. L. 123-5',
  purpose: 'Tarifer la cantine',
  recipients: [LYON],
  retention_months: 12,
  volume_per_minute: 10,
  production_date: '2027-01-15',
  controller: { given_name: 'Jeanne', family_name: 'Durand', email: 'jeanne.durand@lyon.example' },
  dpo: { given_name: 'Paul', family_name: 'Roux', email: 'dpo@lyon.example' },
};
const granted = {
  scopes: ['quotient_familial'],
  endpoints: ['getQuotientFamilial'],
  recipients: [LYON],
  rate_limit_per_minute: 60,
  valid_from: '2026-10-01T00:00:00Z',
  valid_until: '2027-10-01T00:00:00Z',
  purpose: 'Tarifer la cantine',
  legal_basis: { nature: 'Code de l’action sociale, art. L. 123-5', url: null },
  retention_months: 12,
};
function contract(status: string, versionStatus: string, open: boolean) {
  return {
    id: `c-${status}-${versionStatus}`,
    apiSlug: api.slug,
    consumerSiret: LYON,
    producerSiret: CNAF,
    status,
    currentVersion: 1,
    openVersion: open ? 2 : null,
    updatedAt: NOW,
    versions: [
      { version: 1, status: 'validated', form, granted, awaitingSecondApproval: false, submittedAt: NOW, decidedAt: NOW },
      ...(open
        ? [
            {
              version: 2,
              status: versionStatus,
              form,
              awaitingSecondApproval: versionStatus === 'submitted',
              firstApproval: { sub: 'x' },
              submittedAt: NOW,
              decidedAt: null,
            },
          ]
        : []),
    ],
  };
}
const events = [
  {
    occurredAt: NOW,
    action: 'create',
    version: 1,
    actor: { sub: 'a', name: 'Camille Martin', role: 'applicant' },
    from: null,
    to: 'draft',
    reason: null,
    diff: [],
  },
  {
    occurredAt: NOW,
    action: 'submit',
    version: 1,
    actor: { sub: 'a', name: 'Camille Martin', role: 'applicant' },
    from: 'draft',
    to: 'submitted',
    reason: null,
    diff: [],
  },
  {
    occurredAt: NOW,
    action: 'request_changes',
    version: 1,
    actor: { sub: 'b', name: 'Inès Garnier', role: 'instructor' },
    from: 'submitted',
    to: 'changes_requested',
    reason: 'Précisez la durée de conservation.',
    diff: [],
  },
  {
    occurredAt: NOW,
    action: 'approve',
    version: 1,
    actor: { sub: 'b', name: 'Inès Garnier', role: 'instructor' },
    from: 'submitted',
    to: 'validated',
    reason: null,
    diff: [],
  },
  {
    occurredAt: NOW,
    action: 'second_approval',
    version: 1,
    actor: { sub: 'c', name: 'Luc Petit', role: 'dpo' },
    from: 'submitted',
    to: 'validated',
    reason: null,
    diff: [],
  },
  {
    occurredAt: NOW,
    action: 'suspend',
    version: 1,
    actor: { sub: 'c', name: 'Luc Petit', role: 'controller' },
    from: 'active',
    to: 'suspended',
    reason: 'Contrôle en cours',
    diff: [],
  },
];
const clients = [
  { client_id: 'dp_abc', token_endpoint_auth_method: 'client_secret_basic', created_at: NOW, disabled: false },
  { client_id: 'dp_def', token_endpoint_auth_method: 'private_key_jwt', created_at: NOW, disabled: true },
];
const orgNames = { [LYON]: 'Ville de Lyon — CCAS', [CNAF]: 'Caisse nationale des allocations familiales' };
const can = { edit: true, instruct: false, secondApproval: false, manage: true, credentials: true, reopen: false };
const review = {
  id: 'c-active-draft',
  apiSlug: api.slug,
  apiTitle: api.title,
  consumerSiret: LYON,
  producerSiret: CNAF,
  sensitivity: 'highly_sensitive',
  status: 'active',
  validUntil: '2027-10-01T00:00:00Z',
  usage: {
    calls: 42,
    served: 40,
    distinctSubjects: 12,
    lastCall: NOW,
    scopes: [
      { name: 'quotient_familial', label: 'Quotient familial', used: true },
      { name: 'declarant', label: 'Identité du déclarant', used: false },
    ],
    days: [{ day: '2026-11-28', calls: 42, served: 40, denied: 1, failed: 1, distinctSubjects: 12 }],
  },
};
const auditCase = {
  id: 'k1',
  kind: 'citizen_report',
  status: 'investigating',
  openedAt: NOW,
  source: 'citizen',
  consumerSiret: LYON,
  producerSiret: CNAF,
  evidence: ['e1', 'e2'],
};
const caseDetail = {
  ...auditCase,
  summary: 'Un usager signale un accès qu’il ne comprend pas.',
  contractId: 'c-active-draft',
  conclusion: null,
  history: [
    { occurredAt: NOW, action: 'open', actor: { sub: 'sys', name: 'Règle automatique' }, added: 0, note: null },
    { occurredAt: NOW, action: 'investigate', actor: { sub: 'au', name: 'Alice Auditrice' }, added: 0, note: 'Je regarde.' },
  ],
  notifications: [
    { email: 'dpo@lyon.example', role: 'dpo', sentAt: NOW },
    { email: 'jeanne.durand@lyon.example', role: 'controller', sentAt: null },
  ],
};
const evidence = [
  {
    id: 'e1',
    type: 'exchange.served',
    occurredAt: NOW,
    outcome: 'served',
    problemCode: null,
    recipient: LYON,
    endpoint: 'getQuotientFamilial',
  },
  {
    id: 'e2',
    type: 'exchange.denied',
    occurredAt: NOW,
    outcome: 'denied',
    problemCode: 'client.consent_missing',
    recipient: LYON,
    endpoint: 'getQuotientFamilial',
  },
];
const moiExchange = (id: string, outcome: 'served' | 'denied' | 'failed', outcomeLabel: string) => ({
  id,
  occurredAt: NOW,
  outcome,
  outcomeLabel,
  consumer: { siret: LYON, name: 'Ville de Lyon — Centre communal d’action sociale' },
  recipient: LYON,
  producer: { siret: CNAF, name: 'Direction générale des finances publiques' },
  api: { slug: api.slug, title: api.title },
  dataElements: [{ id: 'quotient_familial', label: 'Quotient familial' }],
  context: 'Tarification cantine',
  object: 'Dossier 42',
  legalBasis: { nature: 'Code de l’action sociale', url: null },
  consent: { mode: 'consent' },
  report: outcome === 'denied' ? { reportId: 'r1', status: 'open' as const } : null,
});
const moi = {
  user: header,
  csrfToken: user.csrfToken,
  company: null,
  nextHref: '/moi?curseur=abc',
  filters: {},
  filterQuery: '',
  administrations: [{ siret: LYON, name: 'Ville de Lyon' }],
  dataElements: [{ id: 'quotient_familial', label: 'Quotient familial' }],
  exchanges: [
    moiExchange('x1', 'served', 'Données transmises'),
    moiExchange('x2', 'denied', 'Refusé : votre consentement n’avait pas été donné'),
    moiExchange('x3', 'failed', 'Échec chez le producteur'),
  ],
  consents: (['active', 'paused', 'revoked', 'expired'] as const).map((status, i) => ({
    id: `s${i}`,
    status,
    consumerName: 'Ville de Lyon',
    apiTitle: api.title,
    dataLabels: ['Quotient familial'],
    purpose: 'Cantine',
    validFrom: NOW,
    validUntil: '2027-11-29T00:00:00Z',
    frequency: { max: 2, period: 'month' as const },
  })),
  requests: [
    {
      id: 'q1',
      status: 'pending' as const,
      consumerName: 'Département de la Gironde',
      apiTitle: api.title,
      dataLabels: ['Quotient familial'],
      purpose: 'Aide sociale à l’enfance',
      durationDays: 90,
      createdAt: NOW,
    },
  ],
  notice: { kind: 'success' as const, text: 'Votre consentement a été retiré.' },
};
const reviewQuery = { status: 'active', sensitivity: 'highly_sensitive' };
const choices = {
  apis: [{ slug: api.slug, title: api.title }],
  organisations: [
    { siret: LYON, name: 'Ville de Lyon' },
    { siret: CNAF, name: 'CNAF' },
  ],
};
const validationError = {
  title: 'Données non conformes',
  detail: '/intitule : champ obligatoire',
  errors: [
    { pointer: '/intitule', detail: 'champ obligatoire' },
    { pointer: '/controller/email', detail: 'adresse électronique invalide' },
  ],
};
const openapi = {
  info: { title: 'API Datapedia', version: '1.0.0', description: 'Échanges de données entre administrations.' },
  paths: { '/exchange/{api}/{path}': { get: { summary: 'Échanger des données', tags: ['échange'], security: [{ bearer: [] }] } } },
};

/** Every page renderer of web/, by name, with a demo-like model. */
export function renderAllPages(): Record<string, string> {
  const pages: Record<string, { toString(): string }> = {
    accueil: web.renderHomePage(),
    catalogue: web.renderCatalogHome({
      q: 'quotient',
      filters: { producer: '', subjectKind: '', sensitivity: '', access: '' },
      apis: [api, openApi],
      producers: new Map([
        [CNAF, 'CNAF'],
        ['12000500400011', 'INSEE'],
      ]),
      dataElementCount: 3,
      hits: [
        { kind: 'api', id: api.slug, title: api.title, excerpt: 'quotient familial', apiSlug: api.slug, producerSiret: CNAF, rank: 1 },
        {
          kind: 'data_element',
          id: 'quotient_familial',
          title: 'Quotient familial',
          excerpt: '…',
          apiSlug: null,
          producerSiret: null,
          rank: 0.5,
        },
      ],
    }),
    'page-api': web.renderApiPage({
      api,
      producerName: 'Caisse nationale des allocations familiales',
      endpoints: [endpoint],
      scopes,
      fieldLinks: { '/quotientFamilial': 'quotient_familial' },
      dataElements: new Map(elements.map((e) => [e.id, e])),
      versions: [version],
      canManage: true,
      user: { name: user.name },
      csrfToken: user.csrfToken,
      statsBlock: web.renderApiStatsBlock(stats),
      gatewayUrl: 'https://datapedia.example',
      producerStatus: { state: 'degraded', checkedAt: NOW, latencyMs: 850, circuit: 'half_open' },
    }),
    'page-api-ouverte': web.renderApiPage({
      api: openApi,
      producerName: 'INSEE',
      endpoints: [endpoint],
      scopes: [],
      fieldLinks: {},
      dataElements: new Map(),
      versions: [],
      gatewayUrl: 'https://datapedia.example',
      producerStatus: { state: 'up', checkedAt: NOW, latencyMs: 40, circuit: 'closed' },
    }),
    dictionnaire: web.renderDictionaryPage(elements),
    donnee: web.renderDataElementPage(
      {
        ...element,
        carriers: [
          {
            apiSlug: api.slug,
            apiTitle: api.title,
            producerSiret: CNAF,
            pointer: '/quotientFamilial',
            operationIds: ['getQuotientFamilial'],
          },
        ],
      } as never,
      new Map([[CNAF, 'CNAF']]),
    ),
    import: web.renderImportPage({ api, user, limitBytes: 5 * 1024 * 1024 } as never),
    documentation: web.renderDocsPage(openapi, { 'client.not_found': { status: 404, title: 'Ressource introuvable' } }),
    connexion: web.renderLoginPage({ agentLogin: true, citizenLogin: true, returnTo: '/audit' }),
    'choix-compte': web.renderAccountChooser({
      clientName: 'Datapedia',
      groups: [
        { title: 'Agents', accounts: [{ id: 'cnaf-instructeur', label: 'Inès Garnier (CNAF, instructrice)', detail: 'instructeur' }] },
      ],
      loginAction: '/idp/login',
      abortAction: '/idp/abort',
    }),
    'erreur-idp': web.renderIdpError('access_denied', 'Connexion annulée.'),
    'deconnexion-idp': web.renderIdpLoggedOut(),
    'confirmation-deconnexion-idp': web.renderIdpLogout(
      '<form id="op.logoutForm" method="post" action="/idp/session/end/confirm"><input type="hidden" name="xsrf" value="abc"/></form>',
    ),
    espace: web.renderEspacePage({
      user,
      mine: [
        contract('active', 'draft', true),
        contract('suspended', 'changes_requested', true),
        contract('pending', 'submitted', true),
      ] as never,
      queue: [contract('revoked', 'refused', false), contract('expired', 'superseded', false)] as never,
      apis: [{ slug: api.slug, title: api.title, producerName: 'CNAF' }],
      applicantOrgs: [{ siret: LYON, name: 'Ville de Lyon' }],
      orgNames,
      preselectedApi: api.slug,
      notice: 'soumis',
      manageAgents: true,
    }),
    'espace-agents': web.renderAgentsPage({
      user,
      organisation: { siret: LYON, name: 'Ville de Lyon' },
      agents: [
        {
          id: '1',
          name: 'Claire Lefèvre',
          email: 'claire@lyon.fr',
          roles: ['applicant', 'admin'],
          status: 'active',
          since: '2026-11-20T10:00:00Z',
          expiresAt: null,
          self: true,
        },
        {
          id: '2',
          name: null,
          email: 'julien@lyon.fr',
          roles: ['instructor', 'dpo'],
          status: 'invited',
          since: '2026-11-21T10:00:00Z',
          expiresAt: '2026-12-05T10:00:00Z',
          self: false,
        },
        {
          id: '3',
          name: null,
          email: 'sophie@lyon.fr',
          roles: ['dpo'],
          status: 'expired',
          since: '2026-10-01T10:00:00Z',
          expiresAt: '2026-10-15T10:00:00Z',
          self: false,
        },
      ],
      history: (['admin_appointed', 'invited', 'invitation_accepted', 'roles_changed', 'removed'] as const).map((action) => ({
        at: '2026-11-21T10:00:00Z',
        action,
        actor: 'Claire Lefèvre',
        agent: 'julien@lyon.fr',
        rolesBefore: ['applicant'],
        rolesAfter: ['admin', 'dpo'],
      })),
      error: { title: 'Dernier administrateur de l’organisation', detail: 'Vous êtes le dernier administrateur de cette organisation.' },
      notice: 'roles',
    }),
    'espace-agents-accueil': web.renderAgentsHome({ user, organisations: [{ siret: LYON, name: 'Ville de Lyon' }] }),
    'demande-erreurs': web.renderContractPage({
      user,
      contract: contract('active', 'changes_requested', true) as never,
      events: events as never,
      clients: clients as never,
      scopes,
      apiTitle: api.title,
      orgNames,
      can,
      error: validationError,
      notice: 'enregistre',
    }),
    'demande-instruction': web.renderContractPage({
      user,
      contract: contract('suspended', 'submitted', true) as never,
      events: events as never,
      clients: [],
      scopes,
      apiTitle: api.title,
      orgNames,
      can: { ...can, edit: false, instruct: true },
    }),
    'secret-affiche': web.renderCredentialsFlash(
      user,
      'c1',
      {
        client_id: 'dp_abc',
        client_secret: 'Zt3x-secret-0123456789abcdefghijklmnopqrstuv',
        token_endpoint_auth_method: 'client_secret_basic',
        previous_secret_expires_at: '2026-11-30T09:15:00Z',
      },
      'https://datapedia.example/oauth/token',
    ),
    'secret-consomme': web.renderCredentialsFlash(user, 'c1', null, 'https://datapedia.example/oauth/token'),
    moi: web.renderMoiPage(moi as never),
    'moi-connexion': web.renderMoiLogin(),
    'moi-reserve': web.renderMoiForbidden(header, user.csrfToken),
    'audit-contrats': web.renderAuditContractsPage({
      user,
      query: reviewQuery,
      items: [review] as never,
      nextCursor: 'abc',
      orgNames,
      openCases: 2,
      ...choices,
    } as never),
    'audit-contrat': web.renderAuditContractPage({
      user,
      contract: contract('active', 'submitted', true) as never,
      review: review as never,
      history: events as never,
      artefacts: [{ version: 1, jws: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' }],
      cases: [auditCase] as never,
      orgNames,
    }),
    'audit-registre': web.renderAuditRegisterPage({ user, query: reviewQuery, ...choices } as never),
    'audit-cas': web.renderAuditCasesPage({
      user,
      filter: { status: 'open' },
      items: [
        auditCase,
        { ...auditCase, id: 'k2', status: 'open', kind: 'denial_burst', source: 'rule' },
        { ...auditCase, id: 'k3', status: 'closed' },
      ] as never,
      nextCursor: null,
      orgNames,
    }),
    'audit-un-cas': web.renderAuditCasePage({
      user,
      case: caseDetail as never,
      evidence,
      orgNames,
      reports: [
        {
          reportId: '0b0e0a4e-7a5b-4a8e-9a51-9d2c1f6b7c01',
          eventId: '4a1e6c1e-2b1e-4d6f-8a57-0c9a1d2e3f40',
          message: 'Je n’ai rien demandé à la mairie.',
          messageSha256: 'a'.repeat(64),
          createdAt: '2026-11-20T09:30:00.000Z',
          reply: { text: 'Accès justifié : tarif social de la cantine.', at: '2026-11-21T10:00:00.000Z' },
        },
      ],
    }),
    'audit-journal': web.renderAuditLedgerPage({
      user,
      range: {},
      report: {
        ok: true,
        events: 1200,
        chains: ['a'],
        checkpoints: 4,
        elapsedMs: 120,
        breakCount: 0,
        breaks: [],
        from: null,
        to: null,
      } as never,
      lag: { behindEvents: 0, behindMs: 0 },
    }),
    'audit-actions': web.renderAuditActionsPage({
      user,
      items: [
        { id: 'ev1', occurredAt: NOW, action: 'contract.read', label: 'Consultation d’un contrat', target: 'c1', query: null },
      ] as never,
      nextCursor: null,
    }),
    'erreur-404': web.renderErrorPage({
      status: 404,
      code: 'client.not_found',
      detail: 'Aucune API « nexiste-pas ».',
      instance: 'urn:uuid:3b1f0c1e-0000-4000-8000-000000000000',
    }),
    'erreur-403': web.renderErrorPage({
      status: 403,
      code: 'client.forbidden',
      detail: 'Réservé aux auditeurs.',
      user: header,
      csrfToken: user.csrfToken,
      currentPath: '/audit',
    }),
    'erreur-401': web.renderErrorPage({ status: 401, code: 'client.unauthorized', currentPath: '/audit?status=active' }),
    'erreur-500': web.renderErrorPage({
      status: 500,
      code: 'gateway.internal_error',
      detail: 'pool exhausted at db.ts:42',
      instance: 'urn:uuid:3b1f0c1e-0000-4000-8000-000000000001',
    }),
    accessibilite: web.renderAccessibilityPage(web.DEMO_LEGAL_INFO),
    'mentions-legales': web.renderLegalNoticePage(web.DEMO_LEGAL_INFO),
    'donnees-personnelles': web.renderPersonalDataPage(web.DEMO_LEGAL_INFO, header),
    'plan-du-site': web.renderSiteMapPage(),
    'demarches-recues': flows.renderFlowsInboxPage({
      user,
      organisation: { siret: LYON, name: 'Ville de Lyon' },
      orgQuery: '',
      nextCursor: null,
      notice: 'acquitte',
      items: [
        {
          id: 'd1',
          procedureTitle: 'Inscription à la cantine',
          communeCode: '69123',
          depositedAt: new Date(NOW),
          deliveryCount: 1,
          status: null,
        },
        {
          id: 'd2',
          procedureTitle: 'Inscription à la cantine',
          communeCode: '69123',
          depositedAt: new Date(NOW),
          deliveryCount: 2,
          status: 'in_progress',
        },
      ],
    }),
    'demarche-dossier': flows.renderFlowsDossierPage({
      user,
      orgQuery: '',
      procedureTitle: 'Inscription à la cantine',
      nextStatuses: ['in_progress', 'info_requested', 'accepted', 'rejected'],
      notice: 'statut',
      dossier: {
        id: 'd1',
        communeCode: '69123',
        depositedAt: new Date(NOW),
        ackedAt: null,
        status: 'received',
        applicantLabel: 'Camille Martin',
        form: { enfant: 'Léa', classe: 'CE1' },
        attachments: [
          { n: 1, filename: 'justificatif.pdf', mediaType: 'application/pdf', size: 120_000, sha256: 'ab'.repeat(32), purged: false },
        ],
      },
    }),
    'mes-demarches': flows.renderMesDemarchesPage({
      user,
      dossiers: [
        {
          id: 'd1',
          procedureTitle: 'Inscription à la cantine',
          administration: 'Ville de Lyon',
          depositedAt: new Date(NOW),
          status: 'accepted',
          statuses: [
            { status: 'received', message: null, at: new Date(NOW) },
            { status: 'accepted', message: 'Inscription validée.', at: new Date(NOW) },
          ],
        },
      ],
    }),
    'demarches-operateur': flows.renderFlowsOperatorPage({
      user,
      procedures: [{ code: 'cantine', title: 'Inscription à la cantine', routingLevel: 'commune', status: 'active', retentionDays: 365 }],
      subscriptions: [
        {
          id: 's1',
          procedureCode: 'cantine',
          subscriberName: 'Ville de Lyon',
          subscriberSiret: LYON,
          territories: [{ level: 'commune', code: '69123' }],
          delivery: 'push',
          status: 'active',
        },
      ],
      deadLetters: [],
      lag: [
        {
          subscriberSiret: LYON,
          subscriberName: 'Ville de Lyon',
          pending: 1,
          oldestPendingAt: new Date(NOW),
          delivered: 12,
          p50Ms: 120,
          p95Ms: 2400,
        },
      ],
    }),
  };
  return Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, v.toString()]));
}
