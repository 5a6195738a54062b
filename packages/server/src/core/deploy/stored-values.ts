/**
 * Install values as the deployer stores them (their layering and shape, at
 * render time, are render/values.ts): the caller's own values are
 * stored apart from the template's and the environment's defaults (so they
 * survive upgrades and show as the install's own), with secret parameter
 * values split off and sealed, bound to the install. An upgrade merges new
 * values over the stored ones: a parameter given replaces that parameter, a
 * component given replaces that component's settings.
 */
import type { App, InstallValues } from '@caravan/contracts';

export type ParameterValue = string | number | boolean;
export type SecretValues = Record<string, ParameterValue>;

/** Names of the app's secret parameters. */
export function secretParameterNames(app: App): Set<string> {
  return new Set((app.parameters ?? []).filter((p) => p.secret === true).map((p) => p.name));
}

/** Splits given values into what is stored in the open and the secret parameter values to seal. */
export function splitSecrets(app: App, values: InstallValues | undefined): { plain: InstallValues; secrets: SecretValues } {
  const secret = secretParameterNames(app);
  const plainParams: Record<string, ParameterValue> = {};
  const secrets: SecretValues = {};
  for (const [k, v] of Object.entries(values?.parameters ?? {})) {
    if (secret.has(k)) secrets[k] = v as ParameterValue;
    else plainParams[k] = v as ParameterValue;
  }
  return {
    plain: {
      ...(Object.keys(plainParams).length === 0 ? {} : { parameters: plainParams }),
      ...(values?.components === undefined || Object.keys(values.components).length === 0 ? {} : { components: structuredClone(values.components) }),
    },
    secrets,
  };
}

/** `given` over `stored`: parameters by name, components whole by name. */
export function mergeValues(stored: InstallValues, given: InstallValues | undefined): InstallValues {
  if (given === undefined) return structuredClone(stored);
  const parameters = { ...stored.parameters, ...given.parameters };
  const components = { ...stored.components, ...given.components };
  return {
    ...(Object.keys(parameters).length === 0 ? {} : { parameters }),
    ...(Object.keys(components).length === 0 ? {} : { components: structuredClone(components) }),
  };
}

export function secretValuesBinding(environment: string, install: string): string {
  return `install:${environment}/${install}:values`;
}

export function recordSecretsBinding(environment: string, install: string, record: number): string {
  return `install:${environment}/${install}:record:${record}`;
}
