/**
 * The objects around the workloads: Secrets, ConfigMaps, claims, Services and
 * Ingresses. Each builder returns one plain JSON object, keys in a fixed
 * order, maps sorted.
 *
 * Notes from server-side apply (notes/deploying.md):
 * - Secrets are sent as `data` (base64), never `stringData`: with SSA a
 *   renamed `stringData` key leaves the old key behind.
 * - A Service never carries `clusterIP` (server-allocated; an empty one is
 *   an immutable-field error on update), except the headless Service's
 *   declared `None`, which is what makes it headless.
 * - Service ports are named and unique by [port, protocol], the list's merge key.
 */
import type { Component, Volume } from '../../app-model/index.js';
import { compareStrings, componentObjectName, objectLabels, selectorLabels, sortedMap, type RenderContext } from './names.js';
import { portName, transportOf, type ConfigFiles } from './pod.js';
import type { IngressSettings, ParameterValue, RenderedObject } from './types.js';

/** Name, namespace and the install's labels (with the component's, for a per-component object). */
export function objectMetadata(ctx: RenderContext, name: string, component?: string): RenderedObject['metadata'] {
  return { name, namespace: ctx.install.namespace, labels: objectLabels(ctx, component) };
}

export function pullSecret(ctx: RenderContext, name: string, dockerConfigJson: string): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMetadata(ctx, name),
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': base64(dockerConfigJson) },
  };
}

export function parametersSecret(ctx: RenderContext, name: string, values: { readonly [parameter: string]: ParameterValue }): RenderedObject {
  const data: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(values)) data[key] = base64(String(value));
  return { apiVersion: 'v1', kind: 'Secret', metadata: objectMetadata(ctx, name), type: 'Opaque', data: sortedMap(data) };
}

export function configMap(ctx: RenderContext, component: Component, files: ConfigFiles): RenderedObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMetadata(ctx, files.name, component.name), data: { ...files.data } };
}

/** The one claim of a volume of a stateless component (shared by its pods) or of a job or cronjob; stateful components claim per replica instead. */
export function claim(ctx: RenderContext, component: Component, volume: Volume, name: string): RenderedObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: objectMetadata(ctx, name, component.name), spec: claimSpec(volume) };
}

export function claimSpec(volume: Volume): { [key: string]: unknown } {
  const spec: { [key: string]: unknown } = { accessModes: [volume.accessMode ?? 'ReadWriteOnce'] };
  if (volume.storageClass !== undefined) spec.storageClassName = volume.storageClass;
  spec.resources = { requests: { storage: volume.size } };
  return spec;
}

export function service(ctx: RenderContext, component: Component, name: string, headless: boolean): RenderedObject {
  const spec: { [key: string]: unknown } = {};
  if (headless) {
    spec.clusterIP = 'None';
    // Peers of a stateful set find each other before they are ready (cluster bootstrap).
    spec.publishNotReadyAddresses = true;
  } else {
    spec.type = 'ClusterIP';
  }
  spec.selector = selectorLabels(ctx, component.name);
  const ports = (component.ports ?? []).map((p) => ({ name: portName(p.protocol ?? 'tcp', p.port), port: p.port, targetPort: p.port, protocol: transportOf(p.protocol ?? 'tcp') }));
  if (ports.length > 0) spec.ports = ports;
  return { apiVersion: 'v1', kind: 'Service', metadata: objectMetadata(ctx, name, component.name), spec };
}

/**
 * The Ingress of a component's external http port: one rule per host (hosts
 * sorted), or one rule without a host when the install names none; every
 * rule sends `/` to the component's Service. The environment's settings
 * give its class, its annotations (for the controller or cert-manager) and
 * TLS: one `tls` entry for all its hosts, with the environment's shared
 * Secret or `<ingress>-tls`, which cert-manager's ingress-shim creates from an
 * issuer annotation. An Ingress without hosts matches any host, for which no
 * certificate can be named, so it gets no TLS.
 */
export function ingress(ctx: RenderContext, component: Component, port: number, hosts: readonly string[], settings: IngressSettings = {}): RenderedObject {
  const name = componentObjectName(ctx, component.name);
  // A fresh object per rule: shared references would come out as YAML anchors.
  const http = () => ({ paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }] });
  const sorted = [...hosts].sort(compareStrings);
  const rules = sorted.length === 0 ? [{ http: http() }] : sorted.map((host) => ({ host, http: http() }));
  const spec: { [key: string]: unknown } = {};
  if (settings.className !== undefined) spec.ingressClassName = settings.className;
  if (settings.tls !== undefined && sorted.length > 0) spec.tls = [{ hosts: [...sorted], secretName: settings.tls.secretName ?? `${name}-tls` }];
  spec.rules = rules;
  const metadata = objectMetadata(ctx, name, component.name);
  if (settings.annotations !== undefined && Object.keys(settings.annotations).length > 0) metadata.annotations = sortedMap({ ...settings.annotations });
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec };
}

/**
 * The Service that takes a component's external grpc, tcp and udp ports out
 * of the cluster: an Ingress routes http only, so these get a LoadBalancer
 * (the cluster's load-balancer controller gives it an address). It is a
 * Service of its own, `<component>-external`, so the component's ClusterIP
 * Service and the connection info pointing at it stay as they are.
 */
export function externalService(ctx: RenderContext, component: Component, name: string): RenderedObject | undefined {
  const ports = (component.ports ?? []).filter((p) => p.expose === 'external' && p.protocol !== 'http');
  if (ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMetadata(ctx, name, component.name),
    spec: {
      type: 'LoadBalancer',
      selector: selectorLabels(ctx, component.name),
      ports: ports.map((p) => ({ name: portName(p.protocol ?? 'tcp', p.port), port: p.port, targetPort: p.port, protocol: transportOf(p.protocol ?? 'tcp') })),
    },
  };
}

/** The first http port the component exposes externally, if any (the validator allows one). */
export function externalHttpPort(component: Component): number | undefined {
  return (component.ports ?? []).find((p) => p.protocol === 'http' && p.expose === 'external')?.port;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
