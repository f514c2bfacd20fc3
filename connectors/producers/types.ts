import type pg from 'pg';
import type { ConnectorConfig } from '../config/types.js';

/** What the catalogue needs to publish a demo producer's API. */
export interface DemoCatalogEntry {
  title: string;
  description: string;
  version: string;
  access: 'open' | 'restricted';
  sensitivity: 'standard' | 'sensitive' | 'highly_sensitive';
  subjectKind: 'person' | 'company' | 'none';
  consentPolicy: 'none' | 'legal_basis' | 'consent_required';
  /** Used to offer a benefit nobody asked for yet (CRPA L114-8 II): the person may object. */
  proactive?: boolean;
  rateLimitPerMinute: number;
  /** Scopes as field masks: JSON pointers into the producer's response body. */
  scopes: { name: string; label: string; pointers: string[] }[];
  /** Response JSON pointer -> data element id. */
  fields: Record<string, string>;
}

/** One demo producer as other parts see it. */
export interface DemoProducer {
  key: string;
  apiSlug: string;
  producerSiret: string;
  /** Absolute path of connectors/producers/<key>/openapi.yaml (OpenAPI 3.1 written for Datapedia). */
  openapiFile: string;
  catalog: DemoCatalogEntry;
  /** The connector configuration (validated by schemas/connector.json), unbound (placeholder addresses). */
  connector: unknown;
}

/** Where a demo backend may put its state. */
export interface DemoBackendContext {
  /** Datapedia's own database: SQL referentials get their legacy schema there. */
  pool: pg.Pool;
  /** A writable folder for flat-file extracts. */
  dataDir: string;
  /** Host the in-process servers listen on (default 127.0.0.1). */
  host: string;
}

/** A running demo backend and the connector configuration bound to it. */
export interface DemoBackend {
  config: ConnectorConfig;
  stop(): Promise<void>;
}

/** A demo producer's folder: its description and how to bring its legacy backend up. */
export interface DemoProducerModule extends DemoProducer {
  connector: ConnectorConfig;
  startBackend(ctx: DemoBackendContext): Promise<DemoBackend>;
}
