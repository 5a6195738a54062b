/**
 * The app model's types: the wire types of @caravan/contracts (generated from
 * openapi/caravan.yaml, in the names of APP-MODEL.md), plus the enumerations
 * and the diff shape the app-model code names on its own.
 */
import type { App, Component, Parameter, Port, Volume, VersionDiff } from '@caravan/contracts';

export type {
  App,
  Component,
  ConfigFile,
  DiffChange,
  DiffSection,
  EnvVar,
  FieldChange,
  Parameter,
  Port,
  Probe,
  ResourceList,
  Resources,
  Volume,
} from '@caravan/contracts';

export type ComponentKind = NonNullable<Component['kind']>;
export type PortProtocol = NonNullable<Port['protocol']>;
export type PortExpose = NonNullable<Port['expose']>;
export type VolumeAccessMode = NonNullable<Volume['accessMode']>;
export type ParameterType = NonNullable<Parameter['type']>;

/** What `diffApps` computes: a VersionDiff without the version numbers, which the caller knows. */
export type AppDiff = Pick<VersionDiff, 'components' | 'parameters'>;

// The contract's App is the document root; keep the name visible for readers of this module.
export type { App as AppModel };
