/**
 * What rendering takes and gives: an install's inputs (the app model of one
 * template version, the install's identity, its resolved values, the images
 * to run) and the Kubernetes objects they become, as plain JSON.
 */
import type { ComponentValues, InstallValues, ParameterValue } from '@caravan/contracts';
import type { App } from '../../app-model/index.js';

/**
 * Values as an install (or an environment's defaults) gives them, and one
 * component's part of them (replicas, env overrides, Ingress hosts,
 * resources): the contract's InstallValues and ComponentValues (APP-MODEL.md
 * "Install values"). A parameter value is of the parameter's type.
 */
export type { ComponentValues, InstallValues, ParameterValue };

/**
 * Values after `resolveValues`: every parameter that has a value (template
 * default < environment default < install value, or the generated value),
 * secret values in clear; component values of the environment merged under
 * the install's (not yet over the app's own fields: the renderer does that).
 */
export interface ResolvedValues {
  parameters: { [name: string]: ParameterValue };
  components: { [component: string]: ComponentValues };
}

/** The contract's EnvironmentIngress. */
export interface IngressSettings {
  className?: string;
  annotations?: { readonly [key: string]: string };
  tls?: { secretName?: string };
}

export interface InstallIdentity {
  /** The install's name: every object's name starts with it. */
  name: string;
  environment: string;
  namespace: string;
}

export interface RenderInput {
  template: string;
  version: string;
  app: App;
  install: InstallIdentity;
  values: ResolvedValues;
  /**
   * The image each component runs, by component name: digest-pinned
   * delivery-registry references for a published version, the source
   * references for a draft. Every component needs one.
   */
  images: { readonly [component: string]: string };
  /** The environment's ingress settings (class, annotations, TLS) for the Ingresses of external http ports. */
  ingress?: IngressSettings;
  /** Credentials for pulling `images`, as a `.dockerconfigjson` document; renders `<install>-pull`. */
  pullSecret?: { dockerConfigJson: string };
  /**
   * Fingerprints the secret values a pod reads (a keyed MAC, see SecretBox.fingerprint): the pod template carries
   * it, so a changed secret rolls exactly the pods that read it. Without it pods are not rolled by a secret change.
   */
  secretFingerprint?: (text: string) => string;
}

export interface RenderedMetadata {
  name: string;
  namespace: string;
  labels: { [key: string]: string };
  annotations?: { [key: string]: string };
}

/** A Kubernetes object as plain JSON, ready for server-side apply. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: RenderedMetadata;
  [field: string]: unknown;
}
