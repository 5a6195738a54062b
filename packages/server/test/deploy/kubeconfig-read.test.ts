/**
 * Reading a kubeconfig an administrator registers: which context is used,
 * what the normalised kubeconfig keeps, and every kind of kubeconfig refused
 * with a reason a human understands.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readKubeconfig } from '../../src/core/deploy/kube/kubeconfig.js';
import { InvalidInputError } from '../../src/core/shared/errors.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
let certB64 = '';
let keyB64 = '';

beforeAll(() => {
  // A real certificate and key (openssl, as the harness makes them): the reader checks they parse.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-kubeconfig-test-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=test'], { cwd: dir, stdio: 'ignore' });
  certB64 = b64(fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'));
  keyB64 = b64(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Spec {
  clusters?: Array<{ name: string; cluster: Record<string, unknown> }>;
  users?: Array<{ name: string; user: Record<string, unknown> }>;
  contexts?: Array<{ name: string; context: Record<string, unknown> }>;
  'current-context'?: string;
}

/** Two clusters, a certificate user and a token user, contexts `prod` (current) and `staging`. */
function kubeconfig(edit: (k: Required<Spec>) => void = () => {}): string {
  const k: Required<Spec> = {
    clusters: [
      { name: 'prod-cluster', cluster: { server: 'https://prod.example.com:6443/', 'certificate-authority-data': certB64 } },
      { name: 'staging-cluster', cluster: { server: 'https://10.0.0.5:6443', 'certificate-authority-data': certB64, 'tls-server-name': 'staging.internal' } },
    ],
    users: [
      { name: 'prod-admin', user: { 'client-certificate-data': certB64, 'client-key-data': keyB64 } },
      { name: 'staging-deployer', user: { token: 'abc.def-123' } },
    ],
    contexts: [
      { name: 'prod', context: { cluster: 'prod-cluster', user: 'prod-admin' } },
      { name: 'staging', context: { cluster: 'staging-cluster', user: 'staging-deployer', namespace: 'apps' } },
    ],
    'current-context': 'prod',
  };
  edit(k);
  return JSON.stringify({ apiVersion: 'v1', kind: 'Config', ...k });
}

/** The InvalidInputError thrown for `text`, so a test can look at its field errors. */
function refusal(text: string, context?: string): InvalidInputError {
  try {
    readKubeconfig(text, context);
  } catch (e) {
    if (e instanceof InvalidInputError) return e;
    throw e;
  }
  throw new Error('the kubeconfig was accepted');
}

const user = (k: Required<Spec>, name: string) => k.users.find((u) => u.name === name)!.user;
const cluster = (k: Required<Spec>, name: string) => k.clusters.find((c) => c.name === name)!.cluster;

describe('reading a kubeconfig', () => {
  it('uses the current context when none is named, and keeps only that context, its cluster and its user', () => {
    const sel = readKubeconfig(kubeconfig());
    expect(sel).toMatchObject({ server: 'https://prod.example.com:6443', context: 'prod', auth: 'client-certificate' });
    expect(sel.namespace).toBeUndefined();
    const out = parse(sel.kubeconfig);
    expect(out).toEqual({
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'prod-cluster', cluster: { server: 'https://prod.example.com:6443', 'certificate-authority-data': certB64 } }],
      users: [{ name: 'prod-admin', user: { 'client-certificate-data': certB64, 'client-key-data': keyB64 } }],
      contexts: [{ name: 'prod', context: { cluster: 'prod-cluster', user: 'prod-admin' } }],
      'current-context': 'prod',
    });
    expect(sel.kubeconfig).not.toContain('abc.def-123');
    // An empty context name (a form field left blank) means the same.
    expect(readKubeconfig(kubeconfig(), '')).toEqual(sel);
  });

  it('uses the named context, with its namespace, token and TLS server name', () => {
    const sel = readKubeconfig(kubeconfig(), 'staging');
    expect(sel).toMatchObject({ server: 'https://10.0.0.5:6443', context: 'staging', namespace: 'apps', auth: 'token' });
    const out = parse(sel.kubeconfig);
    expect(out.users).toEqual([{ name: 'staging-deployer', user: { token: 'abc.def-123' } }]);
    expect(out.clusters[0].cluster['tls-server-name']).toBe('staging.internal');
    expect(out.contexts[0].context.namespace).toBe('apps');
    expect(sel.kubeconfig).not.toContain(keyB64);
  });

  it('reads its own output back to the same selection', () => {
    const sel = readKubeconfig(kubeconfig(), 'staging');
    expect(readKubeconfig(sel.kubeconfig)).toEqual(sel);
  });

  it('uses the only context of a kubeconfig that names no current context', () => {
    const sel = readKubeconfig(kubeconfig((k) => { k['current-context'] = ''; k.contexts.splice(0, 1); }));
    expect(sel.context).toBe('staging');
  });

  it('accepts YAML as kubectl writes it, and ignores what other contexts use', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c', '  cluster:', '    server: https://k8s.example.com', `    certificate-authority-data: ${certB64}`,
      'users:',
      '- name: gke', '  user:', '    exec:', '      command: gke-gcloud-auth-plugin', '      apiVersion: client.authentication.k8s.io/v1beta1',
      '- name: robot', '  user:', '    token: t0ken',
      'contexts:',
      '- name: via-plugin', '  context: {cluster: c, user: gke}',
      '- name: robot', '  context: {cluster: c, user: robot}',
      'current-context: via-plugin',
      'preferences: {}',
    ].join('\n');
    expect(readKubeconfig(yaml, 'robot')).toMatchObject({ context: 'robot', auth: 'token', server: 'https://k8s.example.com' });
    expect(refusal(yaml).errors.map((e) => e.code)).toEqual(['exec-plugin']);
  });
});

describe('refusing a kubeconfig', () => {
  const cases: Array<[string, (k: Required<Spec>) => void, string, RegExp]> = [
    ['an exec credential plugin', (k) => { user(k, 'prod-admin').exec = { command: 'aws', args: ['eks', 'get-token'], apiVersion: 'client.authentication.k8s.io/v1beta1' }; }, 'exec-plugin', /runs a local program/],
    ['an auth-provider', (k) => { user(k, 'prod-admin')['auth-provider'] = { name: 'oidc', config: {} }; }, 'auth-provider', /auth-provider/],
    ['a token file (tokenFile)', (k) => { user(k, 'prod-admin').tokenFile = '/var/run/secrets/token'; }, 'local-file', /reads the token from a file/],
    ['a token file (token-file)', (k) => { user(k, 'prod-admin')['token-file'] = '/etc/passwd'; }, 'local-file', /reads the token from a file/],
    ['a client certificate file', (k) => { user(k, 'prod-admin')['client-certificate'] = '/home/me/.kube/cert.pem'; }, 'local-file', /client-certificate-data/],
    ['a client key file', (k) => { user(k, 'prod-admin')['client-key'] = 'key.pem'; }, 'local-file', /client-key-data/],
    ['a certificate authority file', (k) => { cluster(k, 'prod-cluster')['certificate-authority'] = '/etc/ssl/ca.pem'; }, 'local-file', /certificate-authority-data/],
    ['a proxy', (k) => { cluster(k, 'prod-cluster')['proxy-url'] = 'socks5://localhost:1080'; }, 'proxy', /proxy/],
    ['a plain http server', (k) => { cluster(k, 'prod-cluster').server = 'http://127.0.0.1:8080'; }, 'not-https', /https only/],
    ['a server that is not a URL', (k) => { cluster(k, 'prod-cluster').server = 'prod.example.com:6443'; }, 'not-https', /not https/],
    ['skipping TLS verification', (k) => { cluster(k, 'prod-cluster')['insecure-skip-tls-verify'] = true; }, 'insecure', /any server/],
    ['basic authentication', (k) => { Object.assign(user(k, 'prod-admin'), { username: 'admin', password: 'secret' }); }, 'basic-auth', /removed in 1\.19/],
    ['impersonation', (k) => { user(k, 'prod-admin').as = 'system:admin'; }, 'impersonation', /impersonate/],
    ['a certificate without its key', (k) => { delete user(k, 'prod-admin')['client-key-data']; }, 'incomplete-certificate', /both are needed/],
    ['a certificate that is not one', (k) => { user(k, 'prod-admin')['client-certificate-data'] = b64('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n'); }, 'invalid-certificate', /not a base64-encoded PEM certificate/],
    ['a key that is not one', (k) => { user(k, 'prod-admin')['client-key-data'] = certB64; }, 'invalid-key', /private key/],
    ['a CA that is not base64', (k) => { cluster(k, 'prod-cluster')['certificate-authority-data'] = '-----BEGIN CERTIFICATE-----'; }, 'invalid-certificate', /certificate-authority-data/],
    ['a user without credentials', (k) => { user(k, 'prod-admin')['client-certificate-data'] = ''; user(k, 'prod-admin')['client-key-data'] = ''; }, 'no-credentials', /no credentials/],
    ['a context whose user is not defined', (k) => { k.contexts[0]!.context.user = 'ghost'; }, 'unknown-user', /"ghost"/],
    ['a context whose cluster is not defined', (k) => { k.contexts[0]!.context.cluster = 'ghost'; }, 'unknown-cluster', /"ghost"/],
    ['a current context that does not exist', (k) => { k['current-context'] = 'gone'; }, 'unknown-context', /no context "gone"; it has "prod", "staging"/],
    ['no current context among several', (k) => { k['current-context'] = ''; }, 'context-required', /name the context to use/],
  ];

  it.each(cases)('that uses %s', (_what, edit, code, message) => {
    const e = refusal(kubeconfig(edit));
    expect(e.errors.map((x) => x.code)).toContain(code);
    const err = e.errors.find((x) => x.code === code)!;
    expect(err.message).toMatch(message);
    expect(err.pointer).toBe(code === 'context-required' ? '/context' : '/kubeconfig');
    expect(e.message).toMatch(message);
  });

  it('whose named context does not exist, pointing at the context', () => {
    const e = refusal(kubeconfig(), 'dev');
    expect(e.errors).toEqual([{ pointer: '/context', code: 'unknown-context', message: 'the kubeconfig has no context "dev"; it has "prod", "staging"' }]);
  });

  it('that is not YAML, saying where', () => {
    const e = refusal('apiVersion: v1\nclusters: [\n  - name: x\n users: {');
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0]).toMatchObject({ pointer: '/kubeconfig', code: 'yaml' });
    expect(e.errors[0]!.message).toMatch(/not valid YAML: .*line/);
  });

  it('that is empty or not a mapping', () => {
    expect(refusal('').errors[0]).toMatchObject({ code: 'required' });
    expect(refusal('- a\n- b\n').errors[0]).toMatchObject({ code: 'type' });
  });

  it('that hides an exec plugin behind a YAML merge key', () => {
    const yaml = [
      'plugin: &plugin', '  exec: {command: evil, apiVersion: client.authentication.k8s.io/v1}',
      'apiVersion: v1',
      'clusters: [{name: c, cluster: {server: "https://k8s.example.com"}}]',
      'users: [{name: u, user: {<<: *plugin, token: looks-fine}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n');
    expect(refusal(yaml).errors.map((e) => e.code)).toEqual(['exec-plugin']);
  });

  it('listing every problem of the selected context at once', () => {
    const e = refusal(kubeconfig((k) => {
      cluster(k, 'prod-cluster').server = 'http://prod.example.com';
      user(k, 'prod-admin').exec = { command: 'x' };
    }));
    expect(e.errors.map((x) => x.code).sort()).toEqual(['exec-plugin', 'not-https']);
  });
});
