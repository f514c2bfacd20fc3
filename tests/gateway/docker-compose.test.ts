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
  command?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const configVars = Object.keys(loadSchema('config.json').properties as object);

describe('docker-compose.yml describes the production-like topology', () => {
  test('PostgreSQL, Kafka, two ledger witnesses and two gateway replicas', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'gateway-1',
      'gateway-2',
      'kafka',
      'minio',
      'minio-bucket',
      'postgres',
      'witness-1',
      'witness-2',
    ]);
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    expect(compose.services.kafka!.image).toMatch(/kafka/);
    expect(compose.services.kafka!.environment!.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });

  test('every service has a health check; gateways wait for healthy dependencies', () => {
    // minio-bucket is a one-shot job: the gateways wait for it to complete, not to be healthy.
    for (const [name, s] of Object.entries(compose.services))
      if (name !== 'minio-bucket') expect([name, !!s.healthcheck?.test]).toEqual([name, true]);
    for (const g of ['gateway-1', 'gateway-2']) {
      expect(compose.services[g]!.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'witness-1': { condition: 'service_healthy' },
        'witness-2': { condition: 'service_healthy' },
        'minio-bucket': { condition: 'service_completed_successfully' },
      });
    }
  });

  test('both gateways share one database and publish distinct host ports', () => {
    const [a, b] = [compose.services['gateway-1']!, compose.services['gateway-2']!];
    expect(a.environment!.DATABASE_URL).toBe(b.environment!.DATABASE_URL);
    expect(a.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(a.ports).not.toEqual(b.ports);
    expect(a.environment!.KAFKA_BROKERS).toBe('kafka:9092');
  });

  test('two witnesses run `datapedia witness`, each with its own name, state volume and port, trusting the pinned keys', () => {
    const [a, b] = [compose.services['witness-1']!, compose.services['witness-2']!];
    for (const w of [a, b]) {
      expect(w.command).toEqual(['node', 'bin/datapedia.mjs', 'witness']);
      expect(w.environment!.LEDGER_PINNED_KEYS).toBe('/etc/datapedia/ledger-keys.json');
      expect(w.volumes).toContain('./deploy/ledger-keys.json:/etc/datapedia/ledger-keys.json:ro');
      expect(w.environment!.DATABASE_URL).toBeUndefined();
      expect(JSON.stringify(w.healthcheck!.test)).toMatch(/8090\/key/);
    }
    expect(a.environment!.WITNESS_NAME).not.toBe(b.environment!.WITNESS_NAME);
    const stateOf = (w: Service) => w.volumes!.find((v) => v.endsWith(`:${w.environment!.WITNESS_STATE_DIR}`));
    expect(stateOf(a)).toBeDefined();
    expect(stateOf(a)).not.toBe(stateOf(b));
    expect(compose.volumes).toHaveProperty(stateOf(a)!.split(':')[0]!);
    expect(a.ports).not.toEqual(b.ports);
  });

  test('gateways pin the ledger keys, require both witnesses, archive to a volume', () => {
    for (const g of ['gateway-1', 'gateway-2']) {
      const env = compose.services[g]!.environment!;
      expect(env.LEDGER_PINNED_KEYS).toBe('/etc/datapedia/ledger-keys.json');
      expect(env.LEDGER_WITNESSES).toBe('/etc/datapedia/ledger-witnesses.json');
      expect(env.LEDGER_WITNESS_QUORUM).toBe('2');
      expect(compose.services[g]!.volumes).toEqual(
        expect.arrayContaining(['./deploy:/etc/datapedia:ro', `archives:${env.LEDGER_ARCHIVE_DIR}`]),
      );
    }
  });

  test('dossier attachments in MinIO: both gateways use its one bucket, made by minio-bucket, with its credentials', () => {
    const minio = compose.services.minio!;
    expect(minio.image).toMatch(/^minio\/minio:/);
    expect(minio.volumes).toEqual(['minio:/data']);
    expect(compose.volumes).toHaveProperty('minio');
    const bucket = compose.services['minio-bucket']!;
    expect(bucket.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    for (const g of ['gateway-1', 'gateway-2']) {
      const env = compose.services[g]!.environment!;
      expect([env.FLOWS_BLOB_STORE, env.FLOWS_S3_ENDPOINT, env.FLOWS_S3_ACCESS_KEY_ID, env.FLOWS_S3_SECRET_ACCESS_KEY]).toEqual([
        's3',
        'http://minio:9000',
        minio.environment!.MINIO_ROOT_USER,
        minio.environment!.MINIO_ROOT_PASSWORD,
      ]);
      expect(JSON.stringify((bucket as { entrypoint?: unknown }).entrypoint)).toContain(
        `mc mb --ignore-existing store/${env.FLOWS_S3_BUCKET}`,
      );
    }
  });

  test('the image lets its unprivileged user write the archive and witness-state volumes', () => {
    const runtime = readFileSync('Dockerfile', 'utf8')
      .split(/^FROM /m)
      .pop()!;
    const [beforeUser] = runtime.split(/^USER node$/m);
    for (const dir of [
      compose.services['gateway-1']!.environment!.LEDGER_ARCHIVE_DIR!,
      compose.services['witness-1']!.environment!.WITNESS_STATE_DIR!,
    ]) {
      expect(beforeUser).toMatch(new RegExp(`^RUN mkdir -p .*${dir}.*chown -R node:node`, 'm'));
    }
  });

  test('gateway and witness environment names are variables of schemas/config.json', () => {
    for (const g of ['gateway-1', 'gateway-2', 'witness-1', 'witness-2']) {
      const unknown = Object.keys(compose.services[g]!.environment!).filter((v) => !configVars.includes(v));
      expect(unknown).toEqual([]);
    }
  });
});
