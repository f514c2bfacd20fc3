/**
 * Connectors: turn legacy referentials (REST, SQL, flat files, SOAP) into producer APIs, and
 * the demo world of producers. Other folders import only this file (docs/architecture.md, "Folders").
 */
// The port
export type {
  Connector,
  ConnectorRequest,
  ConnectorContext,
  ConnectorResponse,
  ConnectorHealth,
  ConnectorEndpoint,
  ConnectorSubject,
} from './port.js';
// Configuration and adapters
export { createConnector } from './config/create.js';
export type { CreateConnectorOptions } from './config/create.js';
export { validateConnectorConfig } from './config/validate.js';
export type { ConnectorConfig, RestConfig, SqlConfig, FlatFileConfig, SoapConfig, FixedField } from './config/types.js';
export { createRestConnector } from './rest/rest-connector.js';
export { createSqlConnector } from './sql/sql-connector.js';
export { ensureReadOnlyRole } from './sql/readonly-role.js';
export { createFlatFileConnector } from './flatfile/flatfile-connector.js';
export type { FlatFileConnector } from './flatfile/flatfile-connector.js';
export type { LoadReport } from './flatfile/extract-index.js';
export { createSoapConnector } from './soap/soap-connector.js';
export { createMemoryConnector } from './memory-connector.js';
export type { MemoryAnswers } from './memory-connector.js';
// Governance: declared targets, checked bindings, write-only secrets
export { ConnectorTargets, parseConnectorTargets, databaseIdentity } from './governance/targets.js';
export type { ConnectorTarget } from './governance/targets.js';
export { checkBinding } from './governance/guard.js';
export type { ConnectorBinding, CheckedBinding } from './governance/guard.js';
export { sealBinding, openBinding, redactBinding, isStoredBinding } from './governance/secrets.js';
export type { StoredBinding } from './governance/secrets.js';
export { connectorGovernance, prepareBinding, buildBoundConnector } from './governance/bind.js';
export type { ConnectorGovernance } from './governance/bind.js';
export { isInternalAddress } from './governance/addresses.js';
// Mapping
export { mapDocument } from './mapping/apply.js';
export type { Mapping, MappingRule, Conversion } from './mapping/types.js';
// Producer health and maintenance windows
export { createProducerHealth, OUTCOME_WINDOW_MS } from './health/producer-health.js';
export type { ProducerPing, ProducerStatus, ExchangeOutcome, RecentOutcomes, ProducerHealthSources } from './health/producer-health.js';
export { declareMaintenanceWindow, listMaintenanceWindows, isInMaintenance, cancelMaintenanceWindow } from './health/maintenance.js';
export type { MaintenanceWindowInput } from './health/maintenance.js';
export type { MaintenanceWindow } from './store/maintenance.js';
// Demo world
export { listDemoProducers, DEMO_PRODUCERS } from './producers/registry.js';
export type { DemoProducer, DemoCatalogEntry, DemoProducerModule } from './producers/types.js';
export { startDemoProducers } from './producers/start-demo.js';
export { connectionStringFor, currentDatabase } from './governance/database.js';
export { buildTaxExtract } from './producers/dgfip/extract.js';
export type { DemoProducersRuntime, StartDemoProducersOptions } from './producers/start-demo.js';
export { listDemoPeople, listDemoWorldPeople } from './demo-world/people.js';
export type { DemoPerson, DemoWorldPerson, HouseholdMember } from './demo-world/people.js';
export { listDemoCompanies } from './demo-world/companies.js';
export type { DemoCompany } from './demo-world/companies.js';
export { canonicalText } from './text.js';
