/**
 * A private certificate authority and a server certificate for 127.0.0.1,
 * made with openssl, for registries served over https: tests of custom CA
 * bundles need a registry whose certificate no public CA signed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TestTls {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  readonly caPem: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export function makeTestTls(dir: string): TestTls {
  fs.mkdirSync(dir, { recursive: true });
  const p = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => { execFileSync('openssl', args, { stdio: 'ignore' }); };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '30', '-subj', '/CN=caravan-test-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(p('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '30', '-extfile', p('san.ext'));
  return { caPem: fs.readFileSync(p('ca.crt'), 'utf8'), certPath: p('server.crt'), keyPath: p('server.key') };
}
