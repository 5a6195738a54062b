/** Rendering an install into Kubernetes objects: values resolution, the renderer, and the objects as YAML. */
export { renderInstall, workloadOrder } from './render.js';
export { resolveValues, parametersToGenerate, valuesShapeErrors, mergeResources } from './values.js';
export { renderedToYaml } from './yaml.js';
export { CONFIG_CHECKSUM_ANNOTATION, ENVIRONMENT_LABEL, INSTALL_LABEL, MANAGED_BY, selectorLabels, type RenderContext } from './names.js';
export type {
  ComponentValues,
  InstallIdentity,
  InstallValues,
  ParameterValue,
  RenderedMetadata,
  RenderedObject,
  RenderInput,
  ResolvedValues,
} from './types.js';
