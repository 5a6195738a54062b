/**
 * Test PKI for one harness cluster, made with the openssl CLI (OpenSSL 3 can
 * sign with `req -x509 -CA`, one process per certificate, ~30 ms each).
 * Every cluster gets its own CA and service-account key, so credentials and
 * tokens of one cluster are worthless on another, as between real clusters.
 * Keys are EC P-256: fast to make, and accepted by kube-apiserver for both
 * serving and service-account signing (ES256).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClusterPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  /** kube-apiserver serving certificate: SANs 127.0.0.1, localhost and the in-cluster service names. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** Client certificate with O=system:masters (bypasses RBAC). */
  readonly adminCert: string;
  readonly adminKey: string;
  /** Service-account token signing key pair. */
  readonly saKey: string;
  readonly saPub: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const DAYS = ['-days', '3650'];

async function openssl(cwd: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed in ${cwd}: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** Writes a fresh PKI for cluster `name` into `dir` (created if missing). */
export async function createClusterPki(dir: string, name: string, adminUser = 'caravan-harness-admin'): Promise<ClusterPki> {
  await fs.mkdir(dir, { recursive: true });
  const p = (f: string) => path.join(dir, f);
  await openssl(dir, [
    'req', '-x509', ...EC, ...DAYS, '-keyout', 'ca.key', '-out', 'ca.crt',
    '-subj', `/CN=${name}-ca`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const leaf = (file: string, subj: string, ext: string[]) => openssl(dir, [
    'req', '-x509', ...EC, ...DAYS, '-keyout', `${file}.key`, '-out', `${file}.crt`,
    '-CA', 'ca.crt', '-CAkey', 'ca.key', '-subj', subj,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    ...ext.flatMap((e) => ['-addext', e]),
  ]);
  const sans = [
    'IP:127.0.0.1', 'DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local',
  ].join(',');
  await Promise.all([
    leaf('apiserver', '/CN=kube-apiserver', [`subjectAltName=${sans}`, 'extendedKeyUsage=serverAuth']),
    leaf('admin', `/O=system:masters/CN=${adminUser}`, ['extendedKeyUsage=clientAuth']),
    (async () => {
      await openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key']);
      await openssl(dir, ['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
    })(),
  ]);
  return {
    dir,
    caCert: p('ca.crt'), caKey: p('ca.key'),
    serverCert: p('apiserver.crt'), serverKey: p('apiserver.key'),
    adminCert: p('admin.crt'), adminKey: p('admin.key'),
    saKey: p('sa.key'), saPub: p('sa.pub'),
  };
}
