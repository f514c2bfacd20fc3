import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM material of a throw-away CA, a server certificate for 127.0.0.1 and a client certificate. */
export interface TlsMaterial {
  dir: string;
  caFile: string;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCertFile: string;
  clientKeyFile: string;
  /** A second CA and a client certificate it signs (not trusted by the server). */
  rogueCertFile: string;
  rogueKeyFile: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function issue(dir: string, name: string, subject: string, ca: string, ext?: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  const args = [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
  ];
  if (ext) {
    writeFileSync(join(dir, `${name}.ext`), ext);
    args.push('-extfile', `${name}.ext`);
  }
  openssl(dir, args);
}

function selfSignedCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
}

/** Generates the material with the `openssl` CLI (present on the development machines). */
export function generateTlsMaterial(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'dp-tls-'));
  selfSignedCa(dir, 'ca');
  selfSignedCa(dir, 'rogue-ca');
  issue(dir, 'server', '/CN=producteur.test', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue(dir, 'client', '/CN=datapedia', 'ca', 'extendedKeyUsage=clientAuth\n');
  issue(dir, 'rogue', '/CN=intrus', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCert: readFileSync(join(dir, 'server.crt')),
    serverKey: readFileSync(join(dir, 'server.key')),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
    rogueCertFile: join(dir, 'rogue.crt'),
    rogueKeyFile: join(dir, 'rogue.key'),
  };
}
