/**
 * The app model as the versions service needs it: read a document (object or
 * YAML/JSON string), validate it with every field error, and report the errors
 * with pointers into the request body (prefixed `/app`).
 */
import type { App } from '@caravan/contracts';
import { tryParseApp, validateApp } from '../app-model/index.js';
import { InvalidInputError, type FieldError } from '../shared/errors.js';

function prefixed(errors: readonly FieldError[], prefix: string): FieldError[] {
  return errors.map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` }));
}

/** The field errors of an app document, with pointers under `prefix`; empty when it is valid. */
export function appErrors(input: unknown, prefix = '/app'): { app?: App; errors: FieldError[] } {
  const parsed = tryParseApp(input);
  if (!parsed.ok) return { errors: prefixed(parsed.errors, prefix) };
  const errors = validateApp(parsed.value);
  if (errors.length > 0) return { errors: prefixed(errors, prefix) };
  return { app: parsed.value as App, errors: [] };
}

/** The valid app in `input`, or InvalidInputError listing every problem. */
export function checkApp(input: unknown, prefix = '/app'): App {
  const { app, errors } = appErrors(input, prefix);
  if (app === undefined) {
    throw new InvalidInputError(
      errors.length === 1 ? `the app is not valid: ${errors[0]!.pointer} ${errors[0]!.message}` : `the app is not valid (${errors.length} problems)`,
      errors,
    );
  }
  return app;
}
