/**
 * One workload per component, by kind: Deployment (stateless), StatefulSet
 * (stateful), Job (job), CronJob (cronjob).
 *
 * Decisions:
 * - `replicas` is always rendered (values over the app, else 1): with
 *   server-side apply, leaving it out would reset a scaled set to 1 anyway,
 *   and the record then says what was asked.
 * - Selectors match instance and name only. They are immutable, so they
 *   never include the version.
 * - A StatefulSet's volumeClaimTemplates carry no version label: Kubernetes
 *   refuses any change to them, so an upgrade must render them identically.
 * - A Job's pod template is immutable too; re-applying a Job of another
 *   version needs the Job deleted first, which is the applier's call. Its
 *   selector is left to Kubernetes (controller-uid), and its pods restart
 *   on failure in place (`OnFailure`), so their reasons stay on one pod.
 */
import type { Component } from '../../app-model/index.js';
import { claimSpec, objectMetadata } from './objects.js';
import { podTemplate, type PodInputs } from './pod.js';
import { selectorLabels, stableLabels, type RenderContext } from './names.js';
import type { RenderedObject } from './types.js';

export function deployment(ctx: RenderContext, name: string, pod: PodInputs, replicas: number): RenderedObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMetadata(ctx, name, pod.component.name),
    spec: { replicas, selector: { matchLabels: selectorLabels(ctx, pod.component.name) }, template: podTemplate(pod) },
  };
}

export function statefulSet(ctx: RenderContext, name: string, serviceName: string, pod: PodInputs, replicas: number): RenderedObject {
  const c: Component = pod.component;
  const spec: { [key: string]: unknown } = {
    serviceName,
    replicas,
    selector: { matchLabels: selectorLabels(ctx, c.name) },
    template: podTemplate(pod),
  };
  const volumes = c.volumes ?? [];
  if (volumes.length > 0) {
    spec.volumeClaimTemplates = volumes.map((v) => ({ metadata: { name: v.name, labels: stableLabels(ctx, c.name) }, spec: claimSpec(v) }));
  }
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: objectMetadata(ctx, name, c.name), spec };
}

export function job(ctx: RenderContext, name: string, pod: PodInputs): RenderedObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: objectMetadata(ctx, name, pod.component.name), spec: { template: podTemplate({ ...pod, restartPolicy: 'OnFailure' }) } };
}

export function cronJob(ctx: RenderContext, name: string, pod: PodInputs): RenderedObject {
  const c = pod.component;
  const metadata = objectMetadata(ctx, name, c.name);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: c.schedule,
      jobTemplate: { metadata: { labels: { ...metadata.labels } }, spec: { template: podTemplate({ ...pod, restartPolicy: 'OnFailure' }) } },
    },
  };
}
