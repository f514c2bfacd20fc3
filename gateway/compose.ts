/**
 * The services of one process, built once, eagerly, in one place (docs/architecture.md,
 * "Composition"). Every surface (REST, pages, GraphQL, the exchange route) receives what it
 * needs from here; nothing is built on first use. Periodic work is listed in background.ts.
 *
 * Order matters only where a service needs another: identity (the citizens' relying party
 * checks FranceConnect tokens), then contracts and consent (their events go to the process's
 * one ledger writer), audit, and last the exchange path over all of them.
 */
import { createRuleEvaluator, type RuleEvaluator } from '../audit/index.js';
import { createExchangePipeline, type ExchangePipeline } from '../exchange/index.js';
import { createIdentity, type Identity } from '../identity/index.js';
import { testProviderAccounts } from './demo/test-accounts.js';
import type { AppDeps } from './deps.js';
import { createServiceMetrics, type ServiceMetrics } from './http/metrics.js';
import { createExchangePorts, exchangeSettings } from './exchange-adapters/real.js';
import { ledgerWriterPort } from './exchange-adapters/ledger.js';
import { createContractsServices, type ContractsServices } from './services/contracts-context.js';
import { contractEventToLedger, editorCredentialToLedger } from './services/contract-events.js';
import { createConsentServices, type ConsentServices } from './services/citizen/consent-context.js';
import { createAuditRecorder } from './services/audit-recorder.js';
import { auditService, type AuditService } from './services/audit.js';
import { createLedgerServices, type LedgerServices } from './services/ledger.js';
import { createFlowsServices, type FlowsServices } from './services/flows.js';
import { createCitizenServices, type CitizenServices } from './services/citizen/dossier-services.js';
import { createProducerHealthService, type ProducerHealth } from './services/producer-health.js';
import { createIndicatorsServices, type IndicatorsServices } from './services/indicators.js';
import { createAgentsService, type AgentsService } from './services/organisation-agents.js';
import { createCounterServices, type CounterServices } from './services/counter.js';

export interface Services {
  /** People's identity: embedded provider (dev), relying parties, sessions, authenticators. */
  identity: Identity;
  /** Contracts: domain context, authorisation server, signing keys, contract directory. */
  contracts: ContractsServices;
  /** Consents and the citizen space: domain context, exchange checker, labels, FranceConnect tokens. */
  consent: ConsentServices;
  /** The ledger's trust anchors (pinned keys, witnesses), the browser proof verifier, the retention job. */
  ledger: LedgerServices;
  /** The auditors' operations (each read recorded in the ledger before it is answered). */
  audit: AuditService;
  /** The usage-control evaluator (tails the ledger, opens cases); started by background.ts. */
  usageControl: RuleEvaluator;
  /** The exchange pipeline over its ports (real adapters, or those a test or benchmark injects). */
  exchange: {
    pipeline: ExchangePipeline;
    /** Appends the aggregated denials without credential (`all`: the current minute's too). */
    flushDenials(all?: boolean): Promise<void>;
  };
  /** The citizen's dossier: objections, reports, notifications, representatives, "Mes données". */
  citizen: CitizenServices;
  /** Flows: dossiers routed to the competent administration (context, clients' tokens, webhook signer). */
  flows: FlowsServices;
  /** Producers' health (probes cached once per process), for the ping route and the API page. */
  producerHealth: ProducerHealth;
  /** Indicators: the rollup of the ledger into monthly rows; started by background.ts. */
  indicators: IndicatorsServices;
  /** Organisations' agents: invitations, roles, the last-admin guard, their history (ledger). */
  agents: AgentsService;
  /** The « Dites-le-nous une fois » counter: use cases, data needs, their moderation and answers. */
  counter: CounterServices;
  /** Service metrics (exchanges, producers, circuits, ledger, evaluator), exposed by /metrics. */
  metrics: ServiceMetrics;
  /** Releases what was built here (listeners, caches, the embedded provider); never the pools or the ledger writer. */
  close(): Promise<void>;
}

export async function buildServices(deps: AppDeps): Promise<Services> {
  const { ledger } = deps;
  const identity = await createIdentity(deps, { accounts: testProviderAccounts });
  const ledgerServices = await createLedgerServices(deps);
  const contracts = createContractsServices(deps, {
    forward: async (e) => {
      await ledger.append(contractEventToLedger(e));
    },
    forwardEditor: async (e) => {
      await ledger.append(editorCredentialToLedger(e));
    },
  });
  const consent = createConsentServices(deps, { ledger, citizenParty: identity.relyingParty('citizen') });
  const usageControl = createRuleEvaluator({
    pool: deps.pool,
    clock: deps.clock,
    onError: (err) => deps.logger.error({ err }, 'usage-control evaluation failed'),
  });
  const audit = auditService(deps, {
    recorder: createAuditRecorder({ clock: deps.clock, ledger }),
    contracts,
    evaluator: usageControl,
    ledgerTrust: ledgerServices.trust,
  });
  const flows = createFlowsServices(deps, { ledger, contracts });

  const real = deps.exchange
    ? null
    : createExchangePorts(
        deps,
        { contracts, consent },
        {
          ledger: deps.exchangeParts?.ledger ?? ledgerWriterPort(ledger),
          connectors: deps.exchangeParts?.connectors ?? { forApi: () => null },
        },
      );
  const indicators = createIndicatorsServices(deps);
  const metrics = createServiceMetrics();
  const pipeline = metrics.instrumentPipeline(
    createExchangePipeline(
      metrics.instrumentPorts(deps.exchange ?? real!),
      exchangeSettings(deps.config, deps.logger),
      deps.exchange?.steps,
    ),
  );
  metrics.watch({
    breakers: pipeline.runtime.breakers,
    ledger,
    evaluator: usageControl,
    pool: deps.pool,
    clock: deps.clock,
    relay: !!deps.config.KAFKA_BROKERS,
  });
  const citizen = createCitizenServices(deps, { consent, recorder: createAuditRecorder({ clock: deps.clock, ledger }), pipeline });

  return {
    identity,
    contracts,
    consent,
    audit,
    usageControl,
    ledger: ledgerServices,
    flows,
    citizen,
    metrics,
    producerHealth: createProducerHealthService(deps),
    indicators,
    agents: createAgentsService(deps, identity),
    counter: createCounterServices(deps, { contracts }),
    exchange: { pipeline, flushDenials: (all = true) => pipeline.runtime.denials?.flush(all) ?? Promise.resolve() },
    close: async () => {
      await citizen.close();
      await pipeline.close();
      await real?.close();
      await usageControl.stop();
      await indicators.rollup.stop();
      await consent.close();
      await contracts.close();
      await identity.close();
    },
  };
}
