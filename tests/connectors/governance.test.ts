/**
 * Connector targets and the binding guard (docs/architecture.md, "Connectors"): anything outside
 * the declared targets is refused with a precise, stable code.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProblemError, createKeySealer } from '../../schemas/index.js';
import { createRestConnector } from '../../connectors/rest/rest-connector.js';
import {
  ConnectorTargets,
  checkBinding,
  isInternalAddress,
  openBinding,
  parseConnectorTargets,
  redactBinding,
  sealBinding,
} from '../../connectors/index.js';

const OWN = 'postgres://postgres@127.0.0.1:5432/datapedia';
const SQL_OP = { query: 'SELECT nom FROM legacy.personnes WHERE id = $1', params: ['{id}'] };
let dir: string;
let targets: ConnectorTargets;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dp-targets-'));
  mkdirSync(join(dir, 'root'));
  writeFileSync(join(dir, 'root', 'extract.csv'), 'ID;NOM\n1;DUPONT\n');
  writeFileSync(join(dir, 'secret.csv'), 'x');
  symlinkSync(join(dir, 'secret.csv'), join(dir, 'root', 'escape.csv'));
  targets = new ConnectorTargets(
    [
      { name: 'ref', kind: 'sql', dsn: 'postgres://reader:pw@db.example:5432/referentiel', role: 'lecteur', views: ['legacy.personnes'] },
      { name: 'files', kind: 'flatfile', root: join(dir, 'root') },
      { name: 'api', kind: 'rest', origins: ['https://api.example.fr', 'https://203.0.113.10'] },
      { name: 'local', kind: 'rest', origins: [`http://${hostname()}:8080`] },
      { name: 'ws', kind: 'soap', origins: ['http://127.0.0.1:8081'], root: join(dir, 'root') },
    ],
    { ownDatabaseUrl: OWN },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('declared targets', () => {
  it('refuses a SQL target naming Datapedia’s own database, a reserved role, a relative root', () => {
    expect(
      () =>
        new ConnectorTargets([{ name: 'own', kind: 'sql', dsn: 'postgres://other@localhost/datapedia', role: 'lecteur' }], {
          ownDatabaseUrl: OWN,
        }),
    ).toThrow(/base de Datapedia/);
    expect(() => new ConnectorTargets([{ name: 'x', kind: 'sql', dsn: 'postgres://h/db', role: 'postgres' }])).toThrow(/rôle réservé/);
    expect(() => new ConnectorTargets([{ name: 'x', kind: 'flatfile', root: 'relative' }])).toThrow(/chemin absolu/);
  });

  it('reads CONNECTOR_TARGETS inline or from a YAML file', () => {
    expect(parseConnectorTargets('[{"name":"a","kind":"rest","origins":["https://a.example"]}]').get('a')).toMatchObject({
      origins: ['https://a.example:443'],
    });
    const file = join(dir, 'targets.yaml');
    writeFileSync(file, '- name: b\n  kind: flatfile\n  root: /srv/extracts\n');
    expect(parseConnectorTargets(file).get('b')).toMatchObject({ kind: 'flatfile', root: '/srv/extracts' });
  });
});

describe('checkBinding', () => {
  it('refuses an undeclared target or a target of another kind', async () => {
    expect(await codeOf(checkBinding({ target: 'nope', config: { kind: 'sql', role: 'lecteur', operations: {} } }, targets))).toBe(
      'client.connector_target_not_allowed',
    );
    expect(await codeOf(checkBinding({ target: 'files', config: { kind: 'sql', operations: { a: SQL_OP } } }, targets))).toBe(
      'client.connector_target_not_allowed',
    );
  });

  it('SQL: the database and the role come from the target; one SELECT over the declared views', async () => {
    const ok = await checkBinding({ target: 'ref', config: { kind: 'sql', operations: { a: SQL_OP } } }, targets);
    expect(ok.config).toMatchObject({ connectionString: 'postgres://reader:pw@db.example:5432/referentiel', role: 'lecteur' });
    expect(
      await codeOf(checkBinding({ target: 'ref', config: { kind: 'sql', role: 'postgres', operations: { a: SQL_OP } } }, targets)),
    ).toBe('client.connector_role_not_allowed');
    expect(
      await codeOf(checkBinding({ target: 'ref', config: { kind: 'sql', connectionString: OWN, operations: { a: SQL_OP } } }, targets)),
    ).toBe('client.connector_target_not_allowed');
    expect(
      await codeOf(
        checkBinding(
          {
            target: 'ref',
            config: { kind: 'sql', operations: { a: { query: "SELECT pg_read_file('/etc/passwd') FROM legacy.personnes", params: [] } } },
          },
          targets,
        ),
      ),
    ).toBe('client.connector_target_not_allowed');
    expect(
      await codeOf(
        checkBinding(
          { target: 'ref', config: { kind: 'sql', operations: { a: { query: 'SELECT * FROM oauth_client_secrets', params: [] } } } },
          targets,
        ),
      ),
    ).toBe('client.connector_target_not_allowed');
    expect(
      await codeOf(
        checkBinding(
          {
            target: 'ref',
            config: { kind: 'sql', operations: { a: { query: 'SELECT 1 FROM legacy.personnes; DROP TABLE x', params: [] } } },
          },
          targets,
        ),
      ),
    ).toBe('client.connector_target_not_allowed');
  });

  it('flat files: relative to the root, no absolute path, no .., no symlink out', async () => {
    const flat = (file: string) => ({
      target: 'files',
      config: {
        kind: 'flatfile',
        file,
        format: 'csv',
        encoding: 'utf8',
        csv: { delimiter: ';', columns: ['ID', 'NOM'], header: true },
        key: ['ID'],
        operations: { a: { key: ['{id}'] } },
      },
    });
    expect((await checkBinding(flat('extract.csv'), targets)).config).toMatchObject({
      file: expect.stringMatching(/root[\\/]extract\.csv$/),
    });
    expect(await codeOf(checkBinding(flat('/etc/passwd'), targets))).toBe('client.connector_path_not_allowed');
    expect(await codeOf(checkBinding(flat('../secret.csv'), targets))).toBe('client.connector_path_not_allowed');
    expect(await codeOf(checkBinding(flat('escape.csv'), targets))).toBe('client.connector_path_not_allowed');
  });

  it('REST and SOAP: origins of the target only; a name resolving to loopback is refused', async () => {
    const rest = (baseUrl: string, target = 'api') => ({
      target,
      config: { kind: 'rest', baseUrl, operations: { a: { method: 'GET', path: '/x' } } },
    });
    expect(await codeOf(checkBinding(rest('https://203.0.113.10/v1'), targets))).toBe('accepted');
    expect(await codeOf(checkBinding(rest('http://127.0.0.1:5432/'), targets))).toBe('client.connector_target_not_allowed');
    expect(await codeOf(checkBinding(rest('http://169.254.169.254/latest'), targets))).toBe('client.connector_target_not_allowed');
    expect(await codeOf(checkBinding(rest('https://api.example.fr.evil.com/'), targets))).toBe('client.connector_target_not_allowed');
    const resolved = await lookup(hostname()).catch(() => null);
    if (resolved && isInternalAddress(resolved.address)) {
      expect(await codeOf(checkBinding(rest(`http://${hostname()}:8080/`, 'local'), targets))).toBe('client.connector_address_not_allowed');
    }
    const soap = (extra: Record<string, unknown>) => ({
      target: 'ws',
      config: { kind: 'soap', wsdl: 'extract.csv', operations: { a: { method: 'M', args: {} } }, ...extra },
    });
    expect(await codeOf(checkBinding(soap({ endpoint: 'http://127.0.0.1:8081/ws' }), targets))).toBe('accepted');
    expect(await codeOf(checkBinding(soap({}), targets))).toBe('client.connector_target_not_allowed');
    expect(await codeOf(checkBinding(soap({ endpoint: 'http://127.0.0.1:9999/ws' }), targets))).toBe('client.connector_target_not_allowed');
    expect(await codeOf(checkBinding(soap({ endpoint: 'http://127.0.0.1:8081/ws', wsdl: '/etc/passwd' }), targets))).toBe(
      'client.connector_path_not_allowed',
    );
  });

  it('classifies loopback, link-local and unspecified addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '169.254.169.254', '0.0.0.0', '::1', '::', 'fe80::1', '::ffff:127.0.0.1'])
      expect(isInternalAddress(a)).toBe(true);
    for (const a of ['10.0.0.1', '93.184.216.34', '2001:db8::1']) expect(isInternalAddress(a)).toBe(false);
  });
});

describe('connector secrets are write-only', () => {
  const sealer = createKeySealer('s'.repeat(40), 'connector-secrets');
  const binding = {
    target: 'api',
    config: {
      kind: 'rest',
      baseUrl: 'https://203.0.113.10',
      auth: {
        type: 'oauth2_client_credentials',
        tokenUrl: 'https://203.0.113.10/token',
        clientId: 'dp',
        clientSecret: 'very-secret-value-42',
      },
      operations: {},
    },
  };

  it('seals at rest, reads back as {"set": true}, opens only for the API it was sealed for, keeps on {"set": true}', () => {
    const stored = sealBinding(binding, sealer, 'api-a', 'admin-token', new Date());
    expect(JSON.stringify(stored)).not.toContain('very-secret-value-42');
    expect(redactBinding(stored).config).toMatchObject({ auth: { clientSecret: { set: true } } });
    expect(openBinding(stored, sealer, 'api-a').config).toMatchObject({ auth: { clientSecret: 'very-secret-value-42' } });
    expect(() => openBinding(stored, sealer, 'api-b')).toThrow();
    const kept = sealBinding(
      { ...binding, config: { ...binding.config, auth: { ...binding.config.auth, clientSecret: { set: true } } } } as never,
      sealer,
      'api-a',
      'admin-token',
      new Date(),
      stored,
    );
    expect(openBinding(kept, sealer, 'api-a').config).toMatchObject({ auth: { clientSecret: 'very-secret-value-42' } });
  });
});

describe('connect-time address check (DNS rebinding)', () => {
  it('a bound REST connector refuses a name that resolves to loopback when connecting; localhost, declared literally, passes', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const call = (host: string) => {
      const c = createRestConnector(
        { kind: 'rest', baseUrl: `http://${host}:${port}`, operations: { a: { method: 'GET', path: '/' } } },
        { guardAddresses: true },
      );
      return c
        .fetch(
          { endpoint: { operationId: 'a', method: 'GET', pathTemplate: '/' }, params: {} },
          { correlationId: 'c', recipient: '13002526500013', deadline: Date.now() + 3000 },
        )
        .finally(() => c.close());
    };
    try {
      await expect(call('localhost')).resolves.toMatchObject({ status: 200 });
      const resolved = await lookup(hostname()).catch(() => null);
      if (resolved && isInternalAddress(resolved.address))
        await expect(call(hostname())).rejects.toMatchObject({ code: 'provider.unavailable' });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
