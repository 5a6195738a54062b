/**
 * Renders an install: the app model of one version plus the install's
 * resolved values become the Kubernetes objects to apply. Pure and
 * deterministic: the same input gives the same objects, byte for byte once
 * serialised, so a record's objects can be compared and re-applied.
 *
 * The objects come in apply order: the pull Secret, the parameters Secret,
 * ConfigMaps, PersistentVolumeClaims, Services, Ingresses, then workloads in
 * `dependsOn` order (dependencies first, ties by name). Per-component objects
 * of one kind follow that same component order. Names are checked all at
 * once; any problem is an InvalidInputError listing each, before anything
 * is built for the cluster.
 */
import { withDefaults, type Component } from '../../app-model/index.js';
import { InvalidInputError } from '../../shared/errors.js';
import { checkLabelValues, compareStrings, componentObjectName, NameCheck, type RenderContext } from './names.js';
import { claim, configMap, externalHttpPort, externalService, ingress, parametersSecret, pullSecret, service } from './objects.js';
import { configFiles, type PodInputs } from './pod.js';
import type { ParameterValue, RenderedObject, RenderInput } from './types.js';
import { cronJob, deployment, job, statefulSet } from './workloads.js';

const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;
/** See names.ts: StatefulSet pods carry `<name>-<hash>` as a label value, CronJob Jobs a suffix. */
const STATEFULSET_MAX = 52;
const CRONJOB_MAX = 52;

export function renderInstall(input: RenderInput): RenderedObject[] {
  const ctx: RenderContext = { template: input.template, version: input.version, install: input.install };
  const app = withDefaults(input.app);
  const names = new NameCheck();
  checkLabelValues(ctx, names);
  const order = workloadOrder(app.components);

  const secretParameters: { [name: string]: ParameterValue } = {};
  for (const p of app.parameters ?? []) {
    const value = input.values.parameters[p.name];
    if (p.secret && value !== undefined) secretParameters[p.name] = value;
  }
  const parametersSecretName = names.name(`${input.install.name}-parameters`, 'Secret', 'dns-1123-subdomain', SUBDOMAIN_MAX);
  const pullSecretName = input.pullSecret ? names.name(`${input.install.name}-pull`, 'Secret', 'dns-1123-subdomain', SUBDOMAIN_MAX) : undefined;

  const head: RenderedObject[] = [];
  if (input.pullSecret && pullSecretName) head.push(pullSecret(ctx, pullSecretName, checkedDockerConfig(input.pullSecret.dockerConfigJson)));
  if (Object.keys(secretParameters).length > 0) head.push(parametersSecret(ctx, parametersSecretName, secretParameters));

  const configMaps: RenderedObject[] = [];
  const claims: RenderedObject[] = [];
  const services: RenderedObject[] = [];
  const ingresses: RenderedObject[] = [];
  const workloads: RenderedObject[] = [];

  for (const c of order) {
    const image = input.images[c.name];
    if (image === undefined) throw new TypeError(`no image given for component "${c.name}"`);
    const base = componentObjectName(ctx, c.name);
    const values = input.values.components[c.name] ?? {};
    const stateful = c.kind === 'stateful';

    const config = configFiles(ctx, c);
    if (config) {
      names.name(config.name, 'ConfigMap', 'dns-1123-subdomain', SUBDOMAIN_MAX);
      configMaps.push(configMap(ctx, c, config));
    }

    let claimOf: ((volume: string) => string) | undefined;
    if (!stateful) {
      claimOf = (volume) => `${base}-${volume}`;
      for (const v of c.volumes ?? []) {
        claims.push(claim(ctx, c, v, names.name(claimOf(v.name), 'PersistentVolumeClaim', 'dns-1123-subdomain', SUBDOMAIN_MAX)));
      }
    }

    let headless: string | undefined;
    if ((c.ports ?? []).length > 0) services.push(service(ctx, c, names.name(base, 'Service', 'dns-1035-label', LABEL_MAX), false));
    const outside = externalService(ctx, c, `${base}-external`);
    if (outside) {
      names.name(outside.metadata.name, 'Service', 'dns-1035-label', LABEL_MAX);
      services.push(outside);
    }
    if (stateful) {
      headless = names.name(`${base}-headless`, 'Service', 'dns-1035-label', LABEL_MAX);
      services.push(service(ctx, c, headless, true));
    }

    const port = externalHttpPort(c);
    if (port !== undefined) ingresses.push(ingress(ctx, c, port, values.hosts ?? [], input.ingress));

    const pod: PodInputs = {
      ctx,
      app,
      component: c,
      image,
      values: input.values,
      parametersSecret: parametersSecretName,
      ...(pullSecretName ? { pullSecret: pullSecretName } : {}),
      ...(config ? { config } : {}),
      ...(claimOf ? { claimOf } : {}),
      ...(input.secretFingerprint ? { secretFingerprint: input.secretFingerprint } : {}),
    };
    const replicas = values.replicas ?? c.replicas ?? 1;
    switch (c.kind) {
      case 'stateful':
        workloads.push(statefulSet(ctx, names.name(base, 'StatefulSet', 'dns-1123-label', STATEFULSET_MAX), headless!, pod, replicas));
        break;
      case 'job':
        workloads.push(job(ctx, names.name(base, 'Job', 'dns-1123-label', LABEL_MAX), pod));
        break;
      case 'cronjob':
        workloads.push(cronJob(ctx, names.name(base, 'CronJob', 'dns-1123-label', CRONJOB_MAX), pod));
        break;
      default:
        workloads.push(deployment(ctx, names.name(base, 'Deployment', 'dns-1123-label', LABEL_MAX), pod, replicas));
    }
  }

  const objects = [...head, ...configMaps, ...claims, ...services, ...ingresses, ...workloads];
  // Suffixed names can meet a component's own (`db` has `<install>-db-headless`, a component `db-headless` has the
  // same Service name): two objects under one name would overwrite each other on the cluster.
  const taken = new Set<string>();
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata.name}`;
    if (taken.has(key)) names.clash(o.kind, o.metadata.name);
    taken.add(key);
  }
  if (names.errors.length > 0) {
    const n = names.errors.length;
    throw new InvalidInputError(n === 1 ? `The install cannot be rendered: ${names.errors[0]!.message}` : `The install cannot be rendered (${n} problems)`, names.errors);
  }
  return objects;
}

/**
 * Components in `dependsOn` order: each after everything it depends on, and
 * among those ready at the same time, by name (Kahn's algorithm over a sorted
 * queue). A valid app has no cycles; should one slip through, its members
 * follow the rest by name rather than vanish.
 */
export function workloadOrder<C extends Pick<Component, 'name' | 'dependsOn'>>(components: readonly C[]): C[] {
  const byName = new Map(components.map((c) => [c.name, c]));
  const waitingOn = new Map(components.map((c) => [c.name, new Set((c.dependsOn ?? []).filter((d) => byName.has(d) && d !== c.name))]));
  const out: C[] = [];
  const done = new Set<string>();
  while (out.length < components.length) {
    const ready = [...waitingOn.entries()].filter(([name, deps]) => !done.has(name) && [...deps].every((d) => done.has(d))).map(([name]) => name);
    const next = (ready.length > 0 ? ready : [...waitingOn.keys()].filter((n) => !done.has(n))).sort(compareStrings)[0]!;
    done.add(next);
    out.push(byName.get(next)!);
  }
  return out;
}

/** The pull secret's document must be JSON (the API server checks that much); anything else is the caller's bug. */
function checkedDockerConfig(text: string): string {
  try {
    JSON.parse(text);
  } catch {
    throw new TypeError('pullSecret.dockerConfigJson is not JSON');
  }
  return text;
}
