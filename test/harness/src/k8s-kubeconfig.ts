/**
 * Self-contained kubeconfig files (certificates and keys embedded as *-data),
 * so a kubeconfig can be handed to Caravan's API as one YAML string, exactly as
 * an administrator would register a real cluster.
 */
const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

export type KubeconfigUser =
  | { readonly name: string; readonly clientCertPem: string; readonly clientKeyPem: string }
  | { readonly name: string; readonly token: string };

export interface KubeconfigSpec {
  readonly cluster: string;
  readonly server: string;
  readonly caPem: string;
  readonly user: KubeconfigUser;
  /** Context name; also the current context. */
  readonly context: string;
  readonly namespace?: string;
}

export function renderKubeconfig(s: KubeconfigSpec): string {
  const user = 'token' in s.user
    ? [`    token: ${s.user.token}`]
    : [`    client-certificate-data: ${b64(s.user.clientCertPem)}`, `    client-key-data: ${b64(s.user.clientKeyPem)}`];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${s.cluster}`,
    '  cluster:',
    `    server: ${s.server}`,
    `    certificate-authority-data: ${b64(s.caPem)}`,
    'users:',
    `- name: ${s.user.name}`,
    '  user:',
    ...user,
    'contexts:',
    `- name: ${s.context}`,
    '  context:',
    `    cluster: ${s.cluster}`,
    `    user: ${s.user.name}`,
    ...(s.namespace ? [`    namespace: ${s.namespace}`] : []),
    `current-context: ${s.context}`,
    '',
  ].join('\n');
}
