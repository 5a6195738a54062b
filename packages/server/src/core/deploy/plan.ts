/**
 * What an install, upgrade or preview would apply: the version's app and
 * images, the values in their layers (template defaults < environment
 * defaults < the install's own), generated secrets, and the image pull secret
 * for where the images come from, rendered into Kubernetes objects. Planned at
 * request time, so policy and value errors are answered before anything
 * changes, and the record holds the exact objects from the start.
 */
import { randomBytes } from 'node:crypto';
import type { InstallValues, VersionState } from '@caravan/contracts';
import type { App } from '../app-model/index.js';
import { parseImageReference } from '../app-model/index.js';
import type { CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError, PolicyViolationError } from '../shared/errors.js';
import type { EnvironmentRow, VersionRow } from '../store/port.js';
import { checkApp } from '../templates/app-checks.js';
import type { DeliveryRegistry, RegistryCredentials } from '../registry/port.js';
import { openSecretDefaults } from './environments.js';
import type { KubeObject } from './kube/resources.js';
import { renderInstall, resolveValues } from './render/index.js';
import { secretParameterNames, type SecretValues } from './stored-values.js';

export interface RegistryAccess {
  loadDeliveryRegistry(): Promise<DeliveryRegistry | undefined>;
  loadSourceCredentials(host: string): Promise<RegistryCredentials | undefined>;
}

export interface Plan {
  readonly app: App;
  readonly objects: KubeObject[];
  /** Secret values after generation: what the install keeps sealed. */
  readonly secrets: SecretValues;
}

export async function loadVersion(ctx: CoreContext, template: string, version: string): Promise<VersionRow> {
  const row = await ctx.store.versions.get(template, version);
  if (row === undefined) throw new NotFoundError(`version ${version} of template ${template} does not exist`, { template, version });
  return row;
}

/** The environment's policy, checked before anything changes; the error names the rule. */
export function checkPolicy(env: EnvironmentRow, version: VersionRow): void {
  const state = version.state as VersionState;
  if (state === 'deprecated') {
    throw new PolicyViolationError(`version ${version.version} of ${version.template} is deprecated: it takes no new installs or upgrades`, 'deprecated', {
      state,
    });
  }
  if (state === 'publishing' || state === 'failed') {
    throw new PolicyViolationError(`version ${version.version} of ${version.template} is ${state}: only drafts, published and released versions can run`, 'installable', {
      state,
    });
  }
  if (!env.policy.allowedStates.includes(state)) {
    throw new PolicyViolationError(
      `environment ${env.name} (${env.tier}) takes only ${env.policy.allowedStates.join(', ')} versions; ${version.version} of ${version.template} is ${state}`,
      'allowedStates',
      { state, allowedStates: [...env.policy.allowedStates] },
    );
  }
}

function dockerConfig(entries: readonly { host: string; credentials: RegistryCredentials | undefined }[]): string | undefined {
  const auths: Record<string, { username?: string; password?: string; auth?: string; registrytoken?: string }> = {};
  for (const { host, credentials } of entries) {
    if (credentials === undefined) continue;
    if (credentials.token !== undefined) auths[host] = { registrytoken: credentials.token };
    else if (credentials.username !== undefined) {
      const password = credentials.password ?? '';
      auths[host] = { username: credentials.username, password, auth: Buffer.from(`${credentials.username}:${password}`).toString('base64') };
    }
  }
  return Object.keys(auths).length === 0 ? undefined : JSON.stringify({ auths });
}

/** Images to run and the pull secret for them: the delivery registry's pinned copies, or a draft's own sources. */
async function imagesFor(version: VersionRow, app: App, registry: RegistryAccess): Promise<{ images: Record<string, string>; pull: string | undefined }> {
  if (version.state === 'draft') {
    const images = Object.fromEntries(app.components.map((c) => [c.name, c.image]));
    const hosts = [...new Set(app.components.map((c) => parseImageReference(c.image)?.registry).filter((h): h is string => h !== undefined))].sort();
    const entries = await Promise.all(hosts.map(async (host) => ({ host, credentials: await registry.loadSourceCredentials(host) })));
    return { images, pull: dockerConfig(entries) };
  }
  const images: Record<string, string> = {};
  for (const c of app.components) {
    const pinned = version.images.find((i) => i.component === c.name)?.reference;
    if (pinned === undefined) throw new ConflictError(`version ${version.version} has no delivery-registry copy of ${c.name}'s image; publish it again`, { component: c.name });
    images[c.name] = pinned;
  }
  const delivery = await registry.loadDeliveryRegistry();
  const host = delivery === undefined ? undefined : new URL(delivery.url).host;
  return { images, pull: host === undefined ? undefined : dockerConfig([{ host, credentials: delivery?.credentials }]) };
}

export interface PlanInput {
  readonly env: EnvironmentRow;
  readonly version: VersionRow;
  readonly install: string;
  /** The install's own plain values. */
  readonly values: InstallValues;
  /** The install's own secret values (given, or kept from before). */
  readonly secrets: SecretValues;
}

export async function plan(ctx: CoreContext, registry: RegistryAccess, input: PlanInput): Promise<Plan> {
  const { env, version } = input;
  const app = checkApp(version.app) as App;
  // Generated secrets are made once per install and kept: an upgrade must not rotate a database password.
  const secrets: SecretValues = { ...input.secrets };
  for (const p of app.parameters ?? []) {
    if (p.secret === true && p.generate === true && secrets[p.name] === undefined) secrets[p.name] = randomBytes(18).toString('base64url');
  }
  // Secrets of parameters the version no longer has are dropped.
  const known = secretParameterNames(app);
  for (const k of Object.keys(secrets)) if (!known.has(k)) delete secrets[k];

  const envDefaults = (env.defaults as InstallValues | null) ?? {};
  const envSecretDefaults = openSecretDefaults(ctx, env);
  const envLayer: InstallValues = {
    ...envDefaults,
    parameters: { ...envDefaults.parameters, ...Object.fromEntries(Object.entries(envSecretDefaults).filter(([k]) => known.has(k))) },
  };
  const own: InstallValues = { ...input.values, parameters: { ...input.values.parameters, ...secrets } };
  const values = resolveValues(app, envLayer, own, {});
  const { images, pull } = await imagesFor(version, app, registry);
  const objects = renderInstall({
    template: version.template,
    version: version.version,
    app,
    install: { name: input.install, environment: env.name, namespace: env.namespace },
    values,
    images,
    ...(pull === undefined ? {} : { pullSecret: { dockerConfigJson: pull } }),
    ...(env.ingress === null ? {} : { ingress: env.ingress }),
    secretFingerprint: (text) => ctx.box.fingerprint(text),
  }) as KubeObject[];
  return { app, objects, secrets };
}
