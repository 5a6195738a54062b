/**
 * Connection info (Rainbond's term): a component that depends on another gets,
 * for each port alias X of that dependency, `X_HOST` (the dependency's Service
 * name) and `X_PORT`. The deployer decides Service names (it may prefix them),
 * so it passes `serviceName`; the default is the component name.
 */
import type { App, Component } from './types.js';

export interface ConnectionEnvVar {
  name: string;
  value: string;
  /** The dependency and alias it came from, for error messages and audits. */
  from: { component: string; alias: string; port: number };
}

export type ServiceNameOf = (component: Component) => string;

const byName: ServiceNameOf = (c) => c.name;

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
    for (const port of target.ports ?? []) {
      if (port.alias === undefined) continue;
      const from = { component: target.name, alias: port.alias, port: port.port };
      out.push({ name: `${port.alias}_HOST`, value: serviceName(target), from });
      out.push({ name: `${port.alias}_PORT`, value: String(port.port), from });
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
