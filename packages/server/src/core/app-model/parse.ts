/**
 * Reads an app document from what a caller sends: an object as is, or a JSON
 * or YAML string (JSON is YAML 1.2, so one parser serves both). Syntax errors
 * become field errors at the document root with the line and column in the
 * message; the shape is checked afterwards by `validateApp`.
 */
import { LineCounter, parseDocument } from 'yaml';
import { InvalidInputError, type FieldError } from '../shared/errors.js';

export type ParseAppResult = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

/** Parses without throwing: the document, or its syntax errors (pointer `""`, code `syntax`). */
export function tryParseApp(input: unknown): ParseAppResult {
  if (typeof input !== 'string') return { ok: true, value: input };
  // YAML 1.2 core schema: `yes`/`no` stay strings, no dates; duplicate keys are errors.
  const lines = new LineCounter();
  const doc = parseDocument(input, { prettyErrors: false, uniqueKeys: true, schema: 'core', lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const where = at ? ` at line ${at.line}, column ${at.col}` : '';
        return { pointer: '', message: `the app document is not valid YAML or JSON${where}: ${e.message}`, code: 'syntax' };
      }),
    };
  }
  try {
    // maxAliasCount guards against alias bombs ("billion laughs").
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return { ok: false, errors: [{ pointer: '', message: `the app document cannot be read: ${(e as Error).message}`, code: 'syntax' }] };
  }
}

/**
 * The app document in `input` (an object, or a JSON or YAML string), not yet
 * validated. Throws InvalidInputError when a string does not parse.
 */
export function parseApp(input: unknown): unknown {
  const result = tryParseApp(input);
  if (!result.ok) throw new InvalidInputError('The app document does not parse', result.errors);
  return result.value;
}
