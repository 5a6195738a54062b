/**
 * Connection info (Rainbond's term): a component that depends on another gets,
 * for each port alias X of that dependency, `X_HOST` (the dependency's Service
 * name) and `X_PORT`. A dependency none of whose ports has an alias is still
 * reachable: its first port is injected under its name in upper snake case
 * (`api` gives `API_HOST`/`API_PORT`, `order-db` gives `ORDER_DB_HOST`), so
 * `dependsOn` works without ceremony and an alias is only needed to pick other
 * ports or other names. The deployer decides Service names (it prefixes them
 * with the install), so it passes `serviceName`; the default is the component name.
 */
import type { App, Component } from './types.js';

export interface ConnectionEnvVar {
  name: string;
  value: string;
  /** The dependency and alias it came from (`defaulted` when the alias is the component's name), for error messages and audits. */
  from: { component: string; alias: string; port: number; defaulted: boolean };
}

export type ServiceNameOf = (component: Component) => string;

const byName: ServiceNameOf = (c) => c.name;

/** `order-db` -> `ORDER_DB`: the alias a component's name gives when none of its ports has one. */
export function defaultAlias(componentName: string): string {
  return componentName.toUpperCase().replace(/-/g, '_');
}

/**
 * What a dependency injects: its aliased ports, in port order; when none has
 * an alias, its first port under `defaultAlias(name)`; nothing without ports.
 * Generic over the port shape so the validator can ask it of half-valid input.
 */
export function connectionAliases<P extends { port?: number; alias?: string }>(
  dependency: { name: string; ports?: readonly P[] },
): { alias: string; port: P; defaulted: boolean }[] {
  const ports = dependency.ports ?? [];
  const aliased = ports.filter((p) => p.alias !== undefined).map((p) => ({ alias: p.alias!, port: p, defaulted: false }));
  if (aliased.length > 0 || ports.length === 0) return aliased;
  return [{ alias: defaultAlias(dependency.name), port: ports[0]!, defaulted: true }];
}

/**
 * The variables injected into `component` (a component of `app`, or its name),
 * in `dependsOn` order, then port order. Unknown dependencies are skipped:
 * the validator reports them.
 */
export function connectionEnv(app: App, component: Component | string, serviceName: ServiceNameOf = byName): ConnectionEnvVar[] {
  const self = typeof component === 'string' ? app.components.find((c) => c.name === component) : component;
  if (!self) throw new TypeError(`no component named "${String(component)}" in the app`);
  const out: ConnectionEnvVar[] = [];
  const seen = new Set<string>();
  for (const dependency of self.dependsOn ?? []) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    const target = app.components.find((c) => c.name === dependency);
    if (!target) continue;
    for (const { alias, port, defaulted } of connectionAliases(target)) {
      const from = { component: target.name, alias, port: port.port, defaulted };
      out.push({ name: `${alias}_HOST`, value: serviceName(target), from });
      out.push({ name: `${alias}_PORT`, value: String(port.port), from });
    }
  }
  return out;
}

/** Names of the component's own env that an injected variable would collide with. */
export function connectionEnvCollisions(app: App, component: Component): { env: string; injected: ConnectionEnvVar }[] {
  const injected = new Map(connectionEnv(app, component).map((v) => [v.name, v]));
  const out: { env: string; injected: ConnectionEnvVar }[] = [];
  for (const e of component.env ?? []) {
    const hit = injected.get(e.name);
    if (hit) out.push({ env: e.name, injected: hit });
  }
  return out;
}
