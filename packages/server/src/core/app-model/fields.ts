/** The app model's field names and enumerations, in schema order (the diff lists changes in this order). */
import type { ComponentKind, ParameterType, PortExpose, PortProtocol, VolumeAccessMode } from './types.js';

export const APP_FIELDS = ['components', 'parameters'] as const;
export const COMPONENT_FIELDS = [
  'name',
  'kind',
  'image',
  'replicas',
  'schedule',
  'ports',
  'env',
  'configFiles',
  'volumes',
  'dependsOn',
  'resources',
  'probes',
  'command',
  'args',
  'labels',
  'annotations',
] as const;
export const PORT_FIELDS = ['port', 'protocol', 'expose', 'alias'] as const;
export const ENV_FIELDS = ['name', 'value', 'fromParameter'] as const;
export const CONFIG_FILE_FIELDS = ['path', 'content'] as const;
export const VOLUME_FIELDS = ['name', 'path', 'size', 'accessMode', 'storageClass'] as const;
export const PROBE_KINDS = ['readiness', 'liveness'] as const;
export const PROBE_HANDLERS = ['http', 'tcp', 'exec'] as const;
export const PROBE_TIMINGS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;
export const PARAMETER_FIELDS = ['name', 'type', 'description', 'default', 'required', 'secret', 'generate'] as const;

export const COMPONENT_KINDS: readonly ComponentKind[] = ['stateless', 'stateful', 'job', 'cronjob'];
export const PORT_PROTOCOLS: readonly PortProtocol[] = ['http', 'grpc', 'tcp', 'udp'];
export const PORT_EXPOSES: readonly PortExpose[] = ['internal', 'external'];
export const ACCESS_MODES: readonly VolumeAccessMode[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'];
export const PARAMETER_TYPES: readonly ParameterType[] = ['string', 'integer', 'boolean'];
