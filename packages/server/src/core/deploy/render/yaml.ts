/**
 * Rendered objects as one multi-document YAML stream, the form people read
 * (golden files, `kubectl apply -f`, a record's objects on screen). Keys keep
 * the order the renderer gave them; nothing is folded or aliased, so the same
 * objects always give the same bytes.
 */
import { stringify } from 'yaml';
import type { RenderedObject } from './types.js';

export function renderedToYaml(objects: readonly RenderedObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true })).join('---\n');
}
