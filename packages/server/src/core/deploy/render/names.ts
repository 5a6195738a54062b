/**
 * Names and labels of the rendered objects. Every name starts with the
 * install's (`<install>-<component>`), so two installs share a namespace
 * without clashing, and each name is checked against the rule Kubernetes
 * applies to its kind, with the error pointing at the install's name (the
 * part an install request chooses).
 *
 * Limits, some stricter than the API's own validation because controllers
 * put a name into label values (at most 63 characters):
 * - Service: a DNS-1035 label (starts with a letter), at most 63.
 * - StatefulSet: 52, since its pods get the label
 *   `controller-revision-hash: <name>-<hash>`.
 * - CronJob: 52, the API's own limit (its Jobs add an 11-character suffix).
 * - Job: 63, its name is its pods' `job-name` label. Deployment: 63 too, so
 *   one install name fits every kind of component the same way.
 * - ConfigMap, Secret, PersistentVolumeClaim: DNS-1123 subdomains, at most 253.
 */
import { labelValueProblem } from '../../app-model/index.js';
import type { FieldError } from '../../shared/errors.js';
import type { InstallIdentity } from './types.js';

export const CONFIG_VOLUME = 'caravan-config';
export const CONFIG_CHECKSUM_ANNOTATION = 'caravan.dev/config-checksum';
export const SECRET_CHECKSUM_ANNOTATION = 'caravan.dev/secret-checksum';
export const INSTALL_LABEL = 'caravan.dev/install';
export const ENVIRONMENT_LABEL = 'caravan.dev/environment';
export const MANAGED_BY = 'caravan';

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type NameRule = 'dns-1035-label' | 'dns-1123-label' | 'dns-1123-subdomain';

const RULE_TEXT: Record<NameRule, string> = {
  'dns-1035-label': 'lower-case letters, digits and "-", starting with a letter',
  'dns-1123-label': 'lower-case letters, digits and "-", starting and ending with a letter or digit',
  'dns-1123-subdomain': 'lower-case letters, digits, "-" and "."',
};

export interface RenderContext {
  readonly template: string;
  readonly version: string;
  readonly install: InstallIdentity;
}

/** Collects naming problems so one render reports all of them. */
export class NameCheck {
  readonly errors: FieldError[] = [];
  private readonly seen = new Set<string>();

  /** `name` for an object of `kind`, checked against `rule` and `max`. */
  name(name: string, kind: string, rule: NameRule, max: number): string {
    const pattern = rule === 'dns-1035-label' ? DNS1035_LABEL : rule === 'dns-1123-label' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
    let problem: string | undefined;
    if (name.length > max) problem = `is ${name.length} characters; Kubernetes allows a ${kind} name at most ${max}, so choose a shorter install name`;
    else if (!pattern.test(name)) problem = `is not a valid ${kind} name (${RULE_TEXT[rule]})`;
    // One problem per name: `<install>-web` too long for its Service is not reported again for its Deployment.
    if (problem && !this.seen.has(name)) {
      this.seen.add(name);
      this.add('/name', `the ${kind} name "${name}" ${problem}`);
    }
    return name;
  }

  /** Two objects of one kind would get the same name. */
  clash(kind: string, name: string): void {
    this.add('/app/components', `two ${kind} objects would be named "${name}": rename a component (the names Caravan derives end in -headless and -external)`);
  }

  /** A label value Caravan sets from an input field (`pointer`). */
  labelValue(value: string, what: string, pointer: string): void {
    const problem = labelValueProblem(value);
    if (problem) this.add(pointer, `the ${what} "${value}" cannot be a label value: ${problem}`);
  }

  private add(pointer: string, message: string): void {
    this.errors.push({ pointer, message, code: 'format' });
  }
}

export function componentObjectName(ctx: RenderContext, component: string): string {
  return `${ctx.install.name}-${component}`;
}

/** The labels every object of the install carries; per-component objects add their component. */
export function objectLabels(ctx: RenderContext, component?: string): { [key: string]: string } {
  const labels: { [key: string]: string } = {
    'app.kubernetes.io/instance': ctx.install.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': ctx.template,
    'app.kubernetes.io/version': ctx.version,
    [ENVIRONMENT_LABEL]: ctx.install.environment,
    [INSTALL_LABEL]: ctx.install.name,
  };
  if (component !== undefined) {
    labels['app.kubernetes.io/name'] = component;
    labels['app.kubernetes.io/component'] = component;
  }
  return sortedMap(labels);
}

/**
 * Labels without the version, for fields Kubernetes never lets change
 * (StatefulSet volumeClaimTemplates): an upgrade must not touch them.
 */
export function stableLabels(ctx: RenderContext, component: string): { [key: string]: string } {
  const { 'app.kubernetes.io/version': _version, ...rest } = objectLabels(ctx, component);
  return rest;
}

/** What selectors match: instance and name only, never the version (selectors are immutable). */
export function selectorLabels(ctx: RenderContext, component: string): { [key: string]: string } {
  return { 'app.kubernetes.io/instance': ctx.install.name, 'app.kubernetes.io/name': component };
}

/** A checked install identity's label values, reported at the install request's fields. */
export function checkLabelValues(ctx: RenderContext, names: NameCheck): void {
  names.labelValue(ctx.install.name, 'install name', '/name');
  names.labelValue(ctx.version, 'version', '/version');
  names.labelValue(ctx.template, 'template name', '/template');
  names.labelValue(ctx.install.environment, 'environment name', '/environment');
}

/** A copy with keys in code-unit order, so a map reads the same whatever order it was built in. */
export function sortedMap<T>(record: { readonly [key: string]: T }): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  for (const key of Object.keys(record).sort(compareStrings)) out[key] = record[key]!;
  return out;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
