/**
 * The app model's shapes, in the exact names of APP-MODEL.md. Stand-in until
 * @caravan/contracts exports the generated wire types; the validator and the
 * diff are written against these.
 */

export type ComponentKind = 'stateless' | 'stateful' | 'job' | 'cronjob';
export type PortProtocol = 'http' | 'grpc' | 'tcp' | 'udp';
export type PortExpose = 'internal' | 'external';
export type VolumeAccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany';
export type ParameterType = 'string' | 'integer' | 'boolean';

export interface Port {
  port: number;
  protocol?: PortProtocol;
  expose?: PortExpose;
  alias?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  fromParameter?: string;
}

export interface ConfigFile {
  path: string;
  content: string;
}

export interface Volume {
  name: string;
  path: string;
  size: string;
  accessMode?: VolumeAccessMode;
  storageClass?: string;
}

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface Resources {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface HttpProbe {
  path: string;
  port: number | string;
}

export interface TcpProbe {
  port: number | string;
}

export interface ExecProbe {
  command: string[];
}

export interface Probe {
  http?: HttpProbe;
  tcp?: TcpProbe;
  exec?: ExecProbe;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface Probes {
  readiness?: Probe;
  liveness?: Probe;
}

export interface Component {
  name: string;
  kind: ComponentKind;
  image: string;
  replicas?: number;
  schedule?: string;
  ports?: Port[];
  env?: EnvVar[];
  configFiles?: ConfigFile[];
  volumes?: Volume[];
  dependsOn?: string[];
  resources?: Resources;
  probes?: Probes;
  command?: string[];
  args?: string[];
}

export interface Parameter {
  name: string;
  type: ParameterType;
  description?: string;
  default?: string | number | boolean;
  required?: boolean;
  secret?: boolean;
  generate?: boolean;
}

export interface App {
  components: Component[];
  parameters?: Parameter[];
}

export interface FieldChange {
  /** JSON pointer relative to the component or parameter (see diff.ts for the keyed-array scheme). */
  path: string;
  old: unknown;
  new: unknown;
}

export interface NamedChange {
  name: string;
  fields: FieldChange[];
}

export interface VersionDiff {
  components: { added: string[]; removed: string[]; changed: NamedChange[] };
  parameters: { added: string[]; removed: string[]; changed: NamedChange[] };
}
