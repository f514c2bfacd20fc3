import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSchema } from '../../schemas/index.js';

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const configVars = Object.keys(loadSchema('config.json').properties as object);

describe('docker-compose.yml describes the production-like topology', () => {
  test('PostgreSQL, Kafka and two gateway replicas', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway-1', 'gateway-2', 'kafka', 'postgres']);
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    expect(compose.services.kafka!.image).toMatch(/kafka/);
    expect(compose.services.kafka!.environment!.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });

  test('every service has a health check; gateways wait for healthy dependencies', () => {
    for (const [name, s] of Object.entries(compose.services)) expect([name, !!s.healthcheck?.test]).toEqual([name, true]);
    for (const g of ['gateway-1', 'gateway-2']) {
      expect(compose.services[g]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } });
    }
  });

  test('both gateways share one database and publish distinct host ports', () => {
    const [a, b] = [compose.services['gateway-1']!, compose.services['gateway-2']!];
    expect(a.environment!.DATABASE_URL).toBe(b.environment!.DATABASE_URL);
    expect(a.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(a.ports).not.toEqual(b.ports);
    expect(a.environment!.KAFKA_BROKERS).toBe('kafka:9092');
  });

  test('gateway environment names are variables of schemas/config.json', () => {
    for (const g of ['gateway-1', 'gateway-2']) {
      const unknown = Object.keys(compose.services[g]!.environment!).filter((v) => !configVars.includes(v));
      expect(unknown).toEqual([]);
    }
  });
});
