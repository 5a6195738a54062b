/**
 * The contract's defaults, filled in. A version stores its app exactly as
 * written (object or YAML text alike, defaults left out); whatever reads an
 * app for its meaning fills them here, so that leaving out `expose` and
 * writing `expose: internal` are the same app (the diff compares apps this way).
 */
import type { App, Component, Parameter } from './types.js';

export const COMPONENT_DEFAULTS = { kind: 'stateless' } as const;
export const PORT_DEFAULTS = { protocol: 'tcp', expose: 'internal' } as const;
export const VOLUME_DEFAULTS = { accessMode: 'ReadWriteOnce' } as const;
export const PARAMETER_DEFAULTS = { type: 'string', required: false, secret: false, generate: false } as const;

/** A copy of a valid `app` with every defaulted field present; `app` is left as it was. */
export function withDefaults(app: App): App {
  const out: App = { components: app.components.map(componentWithDefaults) };
  if (app.parameters !== undefined) out.parameters = app.parameters.map(parameterWithDefaults);
  return out;
}

function componentWithDefaults(c: Component): Component {
  const out: Component = { ...structuredClone(c), kind: c.kind ?? COMPONENT_DEFAULTS.kind };
  if (out.ports) out.ports = out.ports.map((p) => ({ ...p, protocol: p.protocol ?? PORT_DEFAULTS.protocol, expose: p.expose ?? PORT_DEFAULTS.expose }));
  if (out.volumes) out.volumes = out.volumes.map((v) => ({ ...v, accessMode: v.accessMode ?? VOLUME_DEFAULTS.accessMode }));
  return out;
}

function parameterWithDefaults(p: Parameter): Parameter {
  return {
    ...structuredClone(p),
    type: p.type ?? PARAMETER_DEFAULTS.type,
    required: p.required ?? PARAMETER_DEFAULTS.required,
    secret: p.secret ?? PARAMETER_DEFAULTS.secret,
    generate: p.generate ?? PARAMETER_DEFAULTS.generate,
  };
}
